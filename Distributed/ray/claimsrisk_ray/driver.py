"""claimsrisk-ray: run `claimsrisk book BOOK` on a Ray cluster.

Each of N shards is one Ray task that runs the claimsrisk binary
(`claimsrisk book BOOK --shard K/N --emit PART`) and returns the part's bytes, which travel
through Ray's object store back to the driver. The driver then runs
`claimsrisk book merge` on the N parts: the report is byte for byte the single-process one,
because every group's random stream depends only on the master seed and the group's id.
A task whose worker dies is retried by Ray (--max-retries); a retried shard draws exactly
the same numbers, so the answer does not change.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import ray


def _shard_task(binary, book, k, n, trials, seed, threads, pid_dir):
    """Runs one shard in a Ray worker and returns the part file's bytes."""
    if pid_dir:
        # Test hook: record this worker's pid (one file per attempt) so a test can kill it.
        attempt = 1 + sum(1 for f in os.listdir(pid_dir) if f.startswith(f"shard-{k}."))
        with open(os.path.join(pid_dir, f"shard-{k}.attempt-{attempt}.pid"), "w") as f:
            f.write(str(os.getpid()))
    with tempfile.TemporaryDirectory(prefix="claimsrisk-part-") as d:
        part = os.path.join(d, f"part-{k}-of-{n}.part")
        command = [binary, "book", book, "--shard", f"{k}/{n}", "--emit", part, "--quiet"]
        if trials is not None:
            command += ["--trials", str(trials)]
        if seed is not None:
            command += ["--seed", str(seed)]
        if threads is not None:
            command += ["--threads", str(threads)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"shard {k}/{n}: claimsrisk exited {done.returncode}: {done.stderr.strip()}")
        with open(part, "rb") as f:
            return f.read()


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="claimsrisk-ray",
        description="Run a ClaimsRisk book as N Ray tasks and merge the parts.")
    p.add_argument("book", help="the book file (the same path must exist on every node, or use --ship)")
    p.add_argument("--shards", type=int, default=4, help="number of shards (Ray tasks); default 4")
    p.add_argument("--address", default=None,
                   help="Ray cluster to join (e.g. 10.0.0.5:6379 or auto); default: start a local one")
    p.add_argument("--num-cpus", type=int, default=None, help="CPUs of the local cluster (without --address)")
    p.add_argument("--binary", default=os.environ.get("CLAIMSRISK", "claimsrisk"),
                   help="the claimsrisk binary on the workers (default: $CLAIMSRISK or claimsrisk on PATH)")
    p.add_argument("--ship", action="store_true",
                   help="ship the book's directory (and a binary inside it) to the workers with the job")
    p.add_argument("--trials", type=int, default=None)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--threads", type=int, default=1, help="threads per task (default 1: one task per CPU)")
    p.add_argument("--max-retries", type=int, default=3, help="Ray retries of a task whose worker dies")
    p.add_argument("--format", default="table", choices=["table", "json", "csv", "html"])
    p.add_argument("--output", default=None, help="write the report here (default: standard output)")
    p.add_argument("--parts-dir", default=None, help="keep the parts in this directory")
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")
    p.add_argument("--pid-dir", default=None, help=argparse.SUPPRESS)  # test hook
    args = p.parse_args(argv)
    if args.shards < 1:
        p.error("--shards must be at least 1")
    return args


def run(args):
    book = os.path.abspath(args.book)
    if not os.path.isfile(book):
        sys.exit(f"error: {args.book}: no such book file")
    merge_binary = args.binary
    runtime_env = None
    task_book, task_binary = book, args.binary
    if args.ship:
        # The book's directory goes with the job; paths inside it are relative to the
        # worker's working directory.
        root = os.path.dirname(book)
        runtime_env = {"working_dir": root}
        task_book = os.path.basename(book)
        if os.path.abspath(args.binary).startswith(root + os.sep):
            task_binary = "./" + os.path.relpath(os.path.abspath(args.binary), root)
    init = {"address": args.address, "log_to_driver": False}
    if args.address is None and args.num_cpus is not None:
        init["num_cpus"] = args.num_cpus
    if runtime_env:
        init["runtime_env"] = runtime_env
    ray.init(**init)
    task = ray.remote(num_cpus=1, max_retries=args.max_retries)(_shard_task)
    started = time.time()
    refs = {task.remote(task_binary, task_book, k, args.shards, args.trials, args.seed, args.threads, args.pid_dir): k
            for k in range(1, args.shards + 1)}
    parts = {}
    pending = list(refs)
    while pending:
        ready, pending = ray.wait(pending, num_returns=1)
        for ref in ready:
            k = refs[ref]
            parts[k] = ray.get(ref)
            if not args.quiet:
                print(f"claimsrisk-ray: shard {k}/{args.shards} done ({len(parts)} of {args.shards}, "
                      f"{time.time() - started:.1f} s)", file=sys.stderr, flush=True)
    ray.shutdown()
    with tempfile.TemporaryDirectory(prefix="claimsrisk-parts-") as tmp:
        directory = args.parts_dir or tmp
        os.makedirs(directory, exist_ok=True)
        paths = []
        for k in sorted(parts):
            path = os.path.join(directory, f"part-{k}-of-{args.shards}.part")
            with open(path, "wb") as f:
                f.write(parts[k])
            paths.append(path)
        command = [merge_binary, "book", "merge", *paths, "--format", args.format]
        if args.output:
            command += ["--output", args.output]
        return subprocess.run(command).returncode


def main(argv=None):
    sys.exit(run(parse_args(sys.argv[1:] if argv is None else argv)))


if __name__ == "__main__":
    main()
