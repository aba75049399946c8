import { Command } from 'commander';
import type { ChatMessage } from '../../index.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-errors.js';
import { decimalOption, integerOption } from '../parse-number-option.js';
import { readStdinText } from '../read-stdin-text.js';
import { writeJson } from '../write-json.js';

interface ChatOptions {
  model: string;
  system?: string;
  thinking?: boolean;
  maxTokens?: number;
  temperature?: number;
  json?: boolean;
}

/** `--json` output of `dashscope-kit chat`. */
export interface ChatJson {
  model: string;
  request_id: string;
  content: string;
  /** Present with `--thinking`. */
  reasoning_content?: string;
  finish_reason: string | null;
  /** Tokens: input_tokens, output_tokens, total_tokens (and reasoning_tokens when reported). */
  usage: Record<string, number | string>;
}

/**
 * `dashscope-kit chat [prompt...]`: one streamed chat turn. The prompt comes from the arguments or stdin;
 * the answer streams to stdout, reasoning (`--thinking`) streams dimmed to stderr. `--json` prints
 * {@link ChatJson} once the answer is complete.
 */
export function registerChatCommand(program: Command, context: CliContext): void {
  program
    .command('chat')
    .description('Stream a chat answer from a Qwen model (prompt from arguments or stdin)')
    .argument('[prompt...]', 'the prompt; read from stdin when omitted')
    .option('-m, --model <id>', 'chat model', 'qwen-plus')
    .option('-s, --system <text>', 'system prompt')
    .option('--thinking', 'ask hybrid models to reason first; reasoning is shown dimmed on stderr')
    .option('--max-tokens <n>', 'maximum answer tokens', integerOption(1))
    .option('--temperature <t>', 'sampling temperature, 0 to 1.99', decimalOption(0, 1.99))
    .option('--json', 'print { model, request_id, content, reasoning_content?, finish_reason, usage } when done')
    .addHelpText(
      'after',
      `
Examples:
  $ dashscope-kit chat "What is a package-lock.json for?"
  $ echo "Summarise: npm ci installs from the lockfile" | dashscope-kit chat --system "Answer in one line"
  $ dashscope-kit chat --thinking --model qwen-plus "Is 1001 prime?"
  $ dashscope-kit chat --json "Hello"`,
    )
    .action(async (words: string[], options: ChatOptions) => {
      const { io } = context;
      const prompt = words.length > 0 ? words.join(' ') : io.stdin.isTTY === true ? '' : await readStdinText(io.stdin);
      if (prompt.trim() === '') throw new UsageError('No prompt.', 'Pass the prompt as arguments or on stdin: dashscope-kit chat "Hello"');
      const messages: ChatMessage[] = [];
      if (options.system) messages.push({ role: 'system', content: options.system });
      messages.push({ role: 'user', content: prompt.trim() });
      const client = await context.client();
      const stream = await client.chat.create(
        {
          model: options.model,
          messages,
          stream: true,
          ...(options.thinking ? { enable_thinking: true } : {}),
          ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
          ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
        },
        { signal: io.signal },
      );
      let reasoning = false;
      if (!options.json) {
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta;
          if (delta?.reasoning_content) {
            reasoning = true;
            io.stderr.write(context.err.dim(delta.reasoning_content));
          }
          if (delta?.content) {
            if (reasoning) io.stderr.write('\n');
            reasoning = false;
            io.stdout.write(delta.content);
          }
        }
        io.stdout.write('\n');
        return;
      }
      const completion = await stream.finalCompletion();
      const choice = completion.choices[0];
      const result: ChatJson = {
        model: completion.model,
        request_id: completion.request_id,
        content: choice?.message.content ?? '',
        finish_reason: choice?.finish_reason ?? null,
        usage: { ...completion.usage },
      };
      if (choice?.message.reasoning_content) result.reasoning_content = choice.message.reasoning_content;
      writeJson(io.stdout, result);
    });
}
