"""How long `kg site` takes, and how large the site is, for a generated corpus.

    make bench-site                        # or:
    .venv/bin/python benchmarks/site.py [--documents 10000] [--work DIR]

Generates the corpus (benchmarks/generate.py), builds it (not timed here: see
benchmarks/scale.py), then writes the site in a fresh process and prints its wall and CPU
seconds, each step's seconds, peak memory, resources, files and bytes. Not part of the
test suite.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
KG = [sys.executable, "-m", "kg"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-site-"))
    pages, out = work / "pages", work / "out"
    if not pages.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(pages),
                        "--documents", str(args.documents)], check=True)  # fmt: skip
    if not (out / "graph.nq").exists():
        subprocess.run([*KG, "build", str(pages), "--out", str(out), "-q"], check=False)
    # A first site: replacing one leaves removing the old to a process of its own, which
    # would share the two cores with the run measured.
    shutil.rmtree(work / "site", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", SITE, str(out), str(work / "site")],
                          capture_output=True, text=True, check=False)  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(done.stdout.strip(), done.stderr.strip(), sep="\n")
    print(
        f"kg site of {args.documents:,} generated pages: {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"(all processes), peak memory {after.ru_maxrss / 1024:.0f} MB (the largest process); "
        f"in {work}"
    )
    return done.returncode


SITE = """
import sys
from pathlib import Path
from kg.site import write_site
report = write_site(Path(sys.argv[1]), Path(sys.argv[2]))
print(f"{report.resources:,} resources, {report.files:,} files, {report.bytes / 1e6:,.0f} MB")
for step, seconds in report.seconds.items():
    print(f"  {step}: {seconds:.1f} s")
"""


if __name__ == "__main__":
    sys.exit(main())
