"""Triple-store servers started on loopback: Oxigraph for `kg serve`, and a private
Virtuoso for the tests and the load benchmark.

Each is a context manager that starts the server in its own process group, waits until it
answers, and stops it (terminate, then kill) on exit, Ctrl-C included.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

import requests

from kg.errors import ConfigurationError

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
DirsAllowed = ., {dir}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
; Virtuoso silently truncates results at ResultSetMaxRows: raised so that nothing is cut.
ResultSetMaxRows = 100000000
MaxQueryExecutionTime = 600
MaxQueryCostEstimationTime = 600
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def executable(name: str, hint: str) -> str:
    """`name` beside this Python (a virtual environment's bin) or on the PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise ConfigurationError(f"the {name} program is not installed", hint=hint)
    return found


class Server:
    """A server process on loopback; `url` is its root."""

    name = "server"

    def __init__(self, port: int | None = None, ready_timeout: float = 60.0) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ready_timeout = ready_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path: Path | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def ready_url(self) -> str:
        return self.url

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint `kg load` writes to."""
        raise NotImplementedError

    def start(self) -> None:
        """Start and wait until it answers; stopped again if anything (Ctrl-C too) interrupts."""
        if port_in_use(self.port):  # another server there would look ready
            raise ConfigurationError(
                f"port {self.port} is in use", hint="give another one (kg serve --port N)"
            )
        log = tempfile.NamedTemporaryFile(prefix=f"kg-{self.name}-", suffix=".log", delete=False)  # noqa: SIM115
        self.log_path = Path(log.name)
        self.process = subprocess.Popen(
            self.command(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        try:
            self.wait_ready()
        except BaseException:
            self.stop(keep_log=True)
            raise

    def wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ConfigurationError(
                    f"{self.name} exited at start (code {self.process.returncode})",
                    source=str(self.log_path),
                    hint="read its log; is the port free?",
                )
            try:
                if requests.get(self.ready_url(), timeout=2).status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise ConfigurationError(
            f"{self.name} did not answer within {self.ready_timeout:.0f} s",
            source=str(self.log_path),
            hint="read its log",
        )

    def stop(self, keep_log: bool = False) -> None:
        """Stop the server and wait for it: terminate, then kill after 20 s (or at once on a
        second Ctrl-C). Its log is removed unless asked to keep it."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.log_path is not None and not keep_log:
            self.log_path.unlink(missing_ok=True)

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.stop()


def oxigraph() -> str:
    return executable("oxigraph", "pip install oxigraph (it ships the server)")


class OxigraphServer(Server):
    """`oxigraph serve`: in memory, or on disk in `location`. Queries see as the default
    graph the union of the named graphs (a triple once per graph that holds it: what a store
    `kg load` fills gives), or, with `union=False`, the default graph itself: `kg serve`
    loads the build's merge there, each triple once, as `kg query` sees it."""

    name = "oxigraph"

    def __init__(
        self,
        port: int | None = None,
        location: Path | None = None,
        read_only: bool = False,
        union: bool = True,
    ) -> None:
        super().__init__(port)
        self.location = location
        self.read_only = read_only
        self.union = union

    def command(self) -> list[str]:
        where = ["--location", str(self.location)] if self.location else []
        mode = "serve-read-only" if self.read_only else "serve"
        bind = f"127.0.0.1:{self.port}"
        union = ["--union-default-graph"] if self.union else []
        return [oxigraph(), mode, "--bind", bind, *union, *where]

    @staticmethod
    def load(location: Path, dataset: Path, merged: Path | None = None) -> None:
        """Bulk-load an N-Quads file into a store folder (all or nothing), for serving it,
        and `merged` (N-Triples: the merge of its graphs) into the default graph."""
        for path in (dataset, merged):
            if path is None:
                continue
            done = subprocess.run(
                [oxigraph(), "load", "--location", str(location), "--file", str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise ConfigurationError(
                    f"oxigraph could not load the graph: {done.stderr.strip()[-300:]}",
                    source=str(path),
                    hint="rebuild it with kg build",
                )

    @property
    def graph_store(self) -> str:
        return f"{self.url}/store"

    @property
    def query(self) -> str:
        return f"{self.url}/query"

    def size(self) -> tuple[int, int]:
        """The named graphs and triples it holds."""
        answer = requests.post(
            self.query,
            data={"query": "SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?triples) "
                  "WHERE { GRAPH ?g { ?s ?p ?o } }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=300,
        )  # fmt: skip
        answer.raise_for_status()
        row = answer.json()["results"]["bindings"][0]
        return int(row["graphs"]["value"]), int(row["triples"]["value"])


class VirtuosoServer(Server):
    """A private Virtuoso open source in a folder of its own (its database and ini), on
    loopback ports; its administrator is dba/dba. Writes need digest auth."""

    name = "virtuoso"
    user = "dba"
    password = "dba"

    def __init__(self, folder: Path, port: int | None = None) -> None:
        super().__init__(port, ready_timeout=120.0)
        self.folder = folder
        self.sql_port = free_port()

    def command(self) -> list[str]:
        program = executable("virtuoso-t", "apt-get install virtuoso-opensource")
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(
            VIRTUOSO_INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.port)
        )
        return [program, "+foreground", "+configfile", str(ini)]

    def ready_url(self) -> str:
        return f"{self.url}/sparql?query=ASK%7B%7D"

    @property
    def graph_store(self) -> str:
        return f"{self.url}/sparql-graph-crud-auth"

    @property
    def query(self) -> str:
        return f"{self.url}/sparql"
