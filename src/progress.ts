// A progress line on stderr, only when stderr is a terminal (never in CI logs or pipes).
export interface Progress {
  update(done: number): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream, total: number): Progress {
  if (!stream.isTTY || total === 0) return { update: () => undefined, done: () => undefined };
  let last = 0;
  const draw = (done: number) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} endpoints`);
  };
  return {
    update(done) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done);
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}
