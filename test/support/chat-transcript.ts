import { PassThrough } from 'node:stream';
import { commands } from '../../commands/index.ts';
import { type App, createCommandServices } from '../../src/app.ts';
import { startChat } from '../../src/terminal/chat.ts';

/** Runs the terminal chat on `app` with `lines` typed in, and returns everything it printed. */
export async function chatTranscript(app: App, lines: readonly string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let transcript = '';
  output.on('data', (chunk: Buffer) => {
    transcript += chunk.toString('utf8');
  });
  let ids = 0;
  const done = startChat({
    services: createCommandServices(app),
    log: app.log,
    clock: app.clock,
    commands,
    input,
    output,
    newId: () => `ref-${++ids}`,
  });
  for (const line of lines) input.write(`${line}\n`);
  input.end();
  await done;
  return transcript;
}
