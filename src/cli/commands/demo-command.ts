import { Command } from 'commander';
import { answerQuestion } from '../answer-question.js';
import type { AnswerResult } from '../../rag/stream-answer.js';
import type { CliContext } from '../cli-context.js';
import { InterruptedError } from '../cli-errors.js';
import { addRagOptions, type RagCommandOptions } from '../rag-command-options.js';
import type { IndexReport } from '../../rag/build-index.js';
import { formatIndexSummary, runIndexJob } from '../run-index-job.js';
import { withIndexStore } from '../with-index-store.js';
import { writeJson } from '../write-json.js';

/** The three questions `demo` (and `npm start`) asks of npm's documentation. */
export const DEMO_QUESTIONS = [
  'Where do global installs go on Unix?',
  'What is the difference between npm ci and npm install?',
  'How do I publish a scoped package as public?',
] as const;

/** `--json` output of `dashscope-kit demo`. */
export interface DemoJson {
  offline: boolean;
  index: IndexReport;
  answers: AnswerResult[];
  /** Wall time of the whole demo in ms. */
  durationMs: number;
}

/**
 * `dashscope-kit demo` (what `npm start` runs): indexes npm's own documentation (or `--docs`) and asks
 * {@link DEMO_QUESTIONS}, streaming each answer with its cited sources. Offline without an API key.
 */
export function registerDemoCommand(program: Command, context: CliContext): void {
  const command = program
    .command('demo')
    .description("The main job end to end: index npm's docs and answer three questions about npm with citations");
  addRagOptions(command, '{ offline, index, answers: [{ question, answer, citations, sources, model, usage }], durationMs }')
    .addHelpText(
      'after',
      `
Examples:
  $ dashscope-kit demo                    # what npm start runs; offline without DASHSCOPE_API_KEY
  $ dashscope-kit demo --index /tmp/demo-index --json`,
    )
    .action(async (options: RagCommandOptions) => {
      const { io } = context;
      const started = Date.now();
      const result = await withIndexStore(context, options, async (store): Promise<DemoJson> => {
        const index = await runIndexJob(context, store, { docs: options.docs, model: options.embeddingModel, dimension: options.dimension, concurrency: options.concurrency, json: options.json });
        if (index.interrupted) throw new InterruptedError('Interrupted while indexing; finished batches were kept.', 'Run again to resume.');
        if (!options.json) io.stderr.write(`${formatIndexSummary(index)}\n  from ${index.folder}\n`);
        const answers: AnswerResult[] = [];
        for (const [position, question] of DEMO_QUESTIONS.entries()) {
          if (!options.json) io.stdout.write(`\n${context.out.bold(context.out.green(`Q${position + 1}. ${question}`))}\n`);
          answers.push(await answerQuestion(context, store, question, { set: index, print: !options.json }));
        }
        return { offline: context.offline, index, answers, durationMs: Date.now() - started };
      });
      if (options.json) writeJson(io.stdout, result);
      else io.stderr.write(`\n${context.err.dim(`demo finished in ${(result.durationMs / 1000).toFixed(1)} s`)}\n`);
    });
}
