import type { Task, TaskListItem, TaskStatus } from '../../wire/tasks.js';

/**
 * `client.tasks.list()` filters (DashScope's names): `page_no` from 1, `page_size` 1–100 (default 10),
 * `status`, `model_name`, `start_time` / `end_time` as `yyyyMMddHHmmss`. https://help.aliyun.com/en/model-studio/text-embedding-batch-api
 */
export interface TaskListParams {
  page_no?: number | undefined;
  page_size?: number | undefined;
  status?: TaskStatus | undefined;
  model_name?: string | undefined;
  start_time?: string | undefined;
  end_time?: string | undefined;
}

/** A page of tasks; `data` is `[]` when the service sent none. */
export interface TaskList {
  data: TaskListItem[];
  total: number;
  total_page: number;
  page_no: number;
  page_size: number;
}

/** `client.tasks.wait()` options. Official SDKs poll from 1 s doubling to 5 s; these are the defaults. */
export interface TaskWaitOptions {
  /** Stops waiting (the task keeps running) with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** First pause between polls, ms. Default 1,000; doubles up to {@link maxPollIntervalMs}. */
  pollIntervalMs?: number | undefined;
  /** Longest pause between polls, ms. Default 5,000. */
  maxPollIntervalMs?: number | undefined;
  /** Called with each polled task (`output.task_status`, `output.task_metrics`). */
  onProgress?: ((task: Task) => void) | undefined;
}

/** `client.tasks.createEmbedding()` params: a public URL of a UTF-8 text file, one text per line (≤ 100,000 lines, ≤ 2,048 tokens each). */
export interface EmbeddingTaskParams {
  model: 'text-embedding-async-v1' | 'text-embedding-async-v2';
  input: { url: string };
  parameters?: { text_type?: 'query' | 'document' | undefined } | undefined;
}

/** Statuses after which a task no longer changes (the official SDKs' list, `UNKNOWN` aside: it is thrown). */
export const TERMINAL_TASK_STATUSES: readonly TaskStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELED'];
