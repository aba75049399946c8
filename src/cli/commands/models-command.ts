import { Command, Option } from 'commander';
import { listModels, resolveRegion, type ModelInfo, type ModelPrice } from '../../models/index.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-errors.js';
import { renderTable } from '../render-table.js';
import { writeJson } from '../write-json.js';
import { liveModelsReport, type LiveModelsReport } from './live-models-report.js';

interface ModelsOptions {
  kind?: ModelInfo['kind'];
  region?: string;
  json?: boolean;
  live?: boolean;
}

const number = (value: number): string => value.toLocaleString('en-US');

function limits(model: ModelInfo): string {
  if (model.kind === 'chat') {
    const input = model.maxInputTokens === undefined ? '' : `\ninput ${number(model.maxInputTokens)}`;
    return `context ${number(model.contextWindow)}${input}\noutput ${number(model.maxOutputTokens)}`;
  }
  if (model.kind === 'embedding') return `${model.maxBatch} texts/request\n${number(model.maxTokensPerText)} tokens/text`;
  if (model.kind === 'multimodal-embedding') {
    const contents = model.maxContents === undefined ? 'no element cap' : `${model.maxContents} elements/request`;
    const mb = (bytes: number) => `${bytes / (1024 * 1024)} MB`;
    return `${contents}\n${number(model.maxTextTokens)} tokens/text\nimage ${mb(model.maxImageBytes)}, video ${mb(model.maxVideoBytes)}`;
  }
  return `${model.maxDocuments} docs/request\n${number(model.maxTokensPerItem)} tokens/item\n${number(model.maxTokensPerRequest)} tokens/request`;
}

function capabilities(model: ModelInfo): string {
  if (model.kind === 'chat') {
    const parts = [model.thinking === 'none' ? '' : `thinking ${model.thinking}`, model.vision ? 'vision' : '', model.streamOnly ? 'stream only' : ''];
    return parts.filter(Boolean).join(', ') || 'text';
  }
  if (model.kind === 'embedding') {
    const dims = model.dimensionConfigurable ? `dims ${model.dimensions.join('/')}\n(default ${model.defaultDimension})` : `dim ${model.defaultDimension}`;
    return `${dims}\n${model.outputTypes.join(', ')}`;
  }
  if (model.kind === 'multimodal-embedding') {
    const dims = model.dimensions.length > 1 ? `dims ${model.dimensions.join('/')}\n(default ${model.defaultDimension})` : `dim ${model.defaultDimension}`;
    return `text, image, video\n${dims}${model.supportsFusion ? '\nfusion' : ''}`;
  }
  return [model.multimodal ? 'text, image, video' : 'text', model.supportsInstruct ? 'instruct' : ''].filter(Boolean).join(', ');
}

function price(row: ModelPrice): string {
  const symbol = row.currency === 'USD' ? '$' : '¥';
  const output = row.output === undefined ? '' : ` / ${symbol}${row.output} out`;
  const image = row.image === undefined ? '' : ` / ${symbol}${row.image} image`;
  const flag = row.confidence === 'uncertain' ? ' (?)' : '';
  return `${row.region}: ${symbol}${row.input} in${output}${image}${flag}`;
}

function printLive(context: CliContext, report: LiveModelsReport): void {
  const rows = report.live.map((model) => [model.id, model.kind ?? '—', model.kind ? 'yes' : context.out.yellow('not in catalog')]);
  for (const id of report.missingLive) rows.push([id, 'catalog', context.out.yellow('not listed live')]);
  context.io.stdout.write(renderTable(['model', 'kind', 'catalog'], rows, context.out));
  context.io.stdout.write(
    `${report.live.length} live models in ${report.region}; ${report.missingFromCatalog.length} the catalog lacks, ${report.missingLive.length} catalog models not listed live.\n`,
  );
}

/**
 * `dashscope-kit models`: the model catalog as a table (capabilities, limits, regions, prices per 1M
 * tokens by region) or, with `--json`, `{ "models": ModelInfo[] }` (the catalog entries of
 * `dashscope-kit/models` as they are). With `--live`, calls `client.models.list()` (the built-in emulator
 * when no key is set) and prints the live list beside the catalog, flagging live models the catalog lacks
 * and catalog models not listed live; `--live --json` prints the {@link LiveModelsReport}.
 */
export function registerModelsCommand(program: Command, context: CliContext): void {
  program
    .command('models')
    .description('List the models the SDK knows: capabilities, limits, dimensions, prices per region')
    .addOption(new Option('-k, --kind <kind>', 'only chat, embedding, rerank or multimodal-embedding models').choices(['chat', 'embedding', 'rerank', 'multimodal-embedding']))
    .option('-r, --region <region>', 'only models served in this region (cn-beijing, singapore, us, ...); prices for it')
    .option('--json', 'print { "models": [ModelInfo, ...] } as JSON')
    .option('--live', "list the key's live models (GET /compatible-mode/v1/models) beside the catalog and flag the differences")
    .addHelpText(
      'after',
      `
Examples:
  $ dashscope-kit models
  $ dashscope-kit models --kind embedding --region singapore
  $ dashscope-kit models --json
  $ dashscope-kit models --live`,
    )
    .action(async (options: ModelsOptions) => {
      const region = options.region === undefined ? undefined : resolveRegion(options.region);
      if (options.region !== undefined && !region) {
        throw new UsageError(`Unknown region "${options.region}".`, 'Use cn-beijing (beijing), ap-southeast-1 (singapore, intl), us-east-1 (us), cn-hongkong (hk), eu-central-1 (frankfurt) or ap-northeast-1 (tokyo).');
      }
      if (options.live) {
        const client = await context.client();
        const report = liveModelsReport(await client.models.list(), client.region);
        if (options.json) return writeJson(context.io.stdout, report);
        return printLive(context, report);
      }
      const models = listModels({ ...(options.kind ? { kind: options.kind } : {}), ...(region ? { region } : {}) });
      if (options.json) return writeJson(context.io.stdout, { models });
      const rows = models.map((model) => [
        model.id,
        model.kind,
        capabilities(model),
        limits(model),
        model.regions.join('\n'),
        model.prices.filter((row) => !region || row.region === region).map(price).join('\n') || '—',
      ]);
      context.io.stdout.write(renderTable(['model', 'kind', 'capabilities', 'limits', 'regions', 'price per 1M tokens'], rows, context.out));
      context.io.stdout.write(`${context.out.dim('(?) price not confirmed by a second source; dates in --json (prices[].seen).')}\n`);
    });
}
