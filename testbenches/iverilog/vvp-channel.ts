// A running vvp and the two named pipes that talk to it, used synchronously:
// commands go out with fs.writeSync, replies come back with fs.readSync, so the
// Simulator API needs no promises.
//
// Opening a FIFO blocks until the other side opens it, and a plain blocking
// open would hang forever if vvp died first. So each pipe is first opened
// non-blocking and polled (checking that vvp still lives) until vvp is at the
// other end, and only then opened for blocking I/O. After that, a dead vvp is
// noticed at once: a read returns end of file and a write fails with EPIPE.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireTool } from '../tools.ts';
import { track } from './child-registry.ts';

const { O_RDONLY, O_WRONLY, O_NONBLOCK } = fs.constants;

/** How long vvp may take to load its program and open the pipes. */
const START_TIMEOUT_MS = 120_000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepMs(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** Whether a child has not yet exited (a zombie counts as exited). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      // No /proc entry: gone, or no /proc at all.
      if (!fs.existsSync('/proc/self/stat')) {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      }
      return false;
    }
    return true;
  }
}

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

export class VvpChannel {
  /** Temporary directory holding the pipes, the log and the batch files. */
  readonly dir: string;
  private pid: number | undefined;

  /** The vvp process id. */
  get processId(): number {
    return this.pid!;
  }

  private registration: { release(): void } = { release() {} };
  private writeFd = -1;
  private readFd = -1;
  private pending = '';
  private outgoing = '';
  private readonly chunk = Buffer.alloc(1 << 16);
  private dead = false;
  private closed = false;

  constructor(vvpFile: string, files: Record<string, string> = {}) {
    const vvp = requireTool('vvp');
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spikeforge-vvp-'));
    // The testbench keeps paths in 1024-character registers.
    if (this.file('trace.txt').length > 1000) {
      fs.rmSync(this.dir, { recursive: true, force: true });
      throw new Error(`the temporary directory path is too long for the Icarus testbench (${this.dir}); set TMPDIR to a shorter one`);
    }
    const cmd = path.join(this.dir, 'cmd');
    const rep = path.join(this.dir, 'rep');
    let registration = track(undefined, this.dir);
    try {
      execFileSync('mkfifo', [cmd, rep], { stdio: ['ignore', 'ignore', 'pipe'] });
      // vvp output goes to a file: a pipe nobody drains while we block would stall it.
      const log = fs.openSync(this.file('vvp.log'), 'w');
      const args = ['-n', vvpFile, `+cmd=${cmd}`, `+rep=${rep}`];
      for (const [k, v] of Object.entries(files)) args.push(`+${k}=${this.file(v)}`);
      const child = spawn(vvp, args, { stdio: ['ignore', log, log] });
      fs.closeSync(log);
      child.on('error', () => {}); // reported through the pipes and the log instead
      child.unref();
      if (child.pid === undefined) throw new Error(`could not start ${vvp}`);
      this.pid = child.pid;
      registration.release();
      registration = track(this.pid, this.dir);
      this.registration = registration;
      this.openPipes(cmd, rep);
    } catch (e) {
      registration.release();
      this.kill();
      fs.rmSync(this.dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** A path inside the channel's temporary directory. */
  file(name: string): string {
    return path.join(this.dir, name);
  }

  /** Queues a command line; it goes out with the next request (or when the queue is large). */
  send(line: string): void {
    this.outgoing += line + '\n';
    if (this.outgoing.length > 1 << 15) this.flush();
  }

  flush(): void {
    if (this.outgoing.length === 0) return;
    const buf = Buffer.from(this.outgoing, 'latin1');
    this.outgoing = '';
    let off = 0;
    try {
      while (off < buf.length) off += fs.writeSync(this.writeFd, buf, off, buf.length - off);
    } catch (e) {
      if (errno(e) === 'EPIPE') this.died();
      throw e;
    }
  }

  /** Sends the queued commands plus `line`, and returns the first reply line (without the newline). */
  request(line: string): string {
    this.send(line);
    this.flush();
    return this.readLine();
  }

  readLine(): string {
    for (;;) {
      const nl = this.pending.indexOf('\n');
      if (nl >= 0) {
        const line = this.pending.slice(0, nl);
        this.pending = this.pending.slice(nl + 1);
        return line;
      }
      const n = fs.readSync(this.readFd, this.chunk, 0, this.chunk.length, null);
      if (n === 0) this.died();
      this.pending += this.chunk.toString('latin1', 0, n);
    }
  }

  /** What vvp printed (its own errors, $display output). */
  log(): string {
    try {
      return fs.readFileSync(this.file('vvp.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** Sends `quit` (the testbench's command to finish), waits briefly, kills vvp if needed, and removes the temporary directory. */
  close(quit: string): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.dead && this.writeFd >= 0) {
      try {
        this.send(quit);
        this.flush();
      } catch {
        // it is gone already
      }
    }
    for (const fd of [this.writeFd, this.readFd]) if (fd >= 0) fs.closeSync(fd);
    this.writeFd = this.readFd = -1;
    for (let waited = 0; waited < 2000 && this.pid !== undefined && alive(this.pid); waited += 2) sleepMs(2);
    this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.registration.release();
  }

  private kill(): void {
    if (this.pid === undefined) return;
    try {
      process.kill(this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  private died(): never {
    this.dead = true;
    const log = this.log().trim();
    throw new Error(`vvp stopped unexpectedly${log ? `; its output:\n${log}` : ' without any output'}`);
  }

  private openPipes(cmd: string, rep: string): void {
    const deadline = Date.now() + START_TIMEOUT_MS;
    const waitFor = (what: string): void => {
      if (!alive(this.pid!)) this.died();
      if (Date.now() > deadline) throw new Error(`vvp did not open ${what} within ${START_TIMEOUT_MS / 1000} s`);
      sleepMs(1);
    };
    // Commands: a non-blocking open for writing fails (ENXIO) until vvp opens the pipe for reading.
    let probe = -1;
    while (probe < 0) {
      try {
        probe = fs.openSync(cmd, O_WRONLY | O_NONBLOCK);
      } catch (e) {
        if (errno(e) !== 'ENXIO') throw e;
        waitFor('its command pipe');
      }
    }
    this.writeFd = fs.openSync(cmd, O_WRONLY); // a reader is there: does not block
    fs.closeSync(probe);
    // Replies: a non-blocking read says EAGAIN once a writer is there (0 bytes while there is none).
    probe = fs.openSync(rep, O_RDONLY | O_NONBLOCK);
    try {
      for (;;) {
        try {
          const n = fs.readSync(probe, this.chunk, 0, this.chunk.length, null);
          if (n > 0) {
            this.pending += this.chunk.toString('latin1', 0, n);
            break;
          }
        } catch (e) {
          if (errno(e) === 'EAGAIN') break;
          throw e;
        }
        waitFor('its reply pipe');
      }
      this.readFd = fs.openSync(rep, O_RDONLY); // a writer is there: does not block
    } finally {
      fs.closeSync(probe);
    }
  }
}
