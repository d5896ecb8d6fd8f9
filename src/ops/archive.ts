import { spawn } from 'node:child_process';
import { OpsError } from './ops-error';

/** Runs a program to completion; resolves with its output, rejects with its stderr when it fails. */
export function runProgram(
  program: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${program} exited with ${code}: ${stderr.trim().slice(0, 2000)}`));
    });
  });
}

/**
 * Packs the contents of `dir` into a gzip-compressed tar at `file`, following symbolic links (the backup
 * links the documents folder into its staging folder rather than copying it). The system's `tar` does it:
 * it is in every Debian image, and it streams any size.
 */
export async function packTarGz(dir: string, file: string): Promise<void> {
  try {
    await runProgram('tar', ['-czhf', file, '-C', dir, '.']);
  } catch (error) {
    throw tarError(error);
  }
}

/** Unpacks a gzip-compressed tar into `dir`. */
export async function unpackTarGz(file: string, dir: string): Promise<void> {
  try {
    await runProgram('tar', ['-xzf', file, '-C', dir, '--no-same-owner']);
  } catch (error) {
    throw tarError(error);
  }
}

function tarError(error: unknown): Error {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new OpsError(
      'ERR_NO_TAR',
      'the tar program is not installed',
      'install it (Debian: apt-get install tar)',
    );
  }
  return error as Error;
}
