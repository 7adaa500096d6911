"""Execute the notebooks with nbclient and write them back with their outputs (`make notebooks`).

    python Notebooks/run_notebooks.py [NOTEBOOK.ipynb ...]     (default: every Notebooks/*.ipynb)

Each notebook runs in a fresh python3 kernel (the one of the Python running this script), in
the folder Notebooks/, as Jupyter runs it. A notebook whose cells all run is written back with
the new outputs; one with a failing cell is left as it was, and the notebook, the cell and the
error are printed. The exit code is 1 if any notebook failed.

The notebooks are committed with their outputs, so the outputs are made deterministic: no
timing metadata, execution counts 1, 2, 3 … in order, and no Python version in the notebook's
metadata. The same inputs and the same trialstats give the same bytes.

Needs nbclient, nbformat and ipykernel (the Makefile installs them into .build/notebooks-venv).
The trialstats binary is the one in the environment variable TRIALSTATS (the Makefile sets it),
else .build/debug/trialstats, else the one on PATH.
"""
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

HERE = Path(__file__).resolve().parent
CELL_TIMEOUT = 300  # seconds per cell
# What the notebook's metadata keeps of the kernel's language_info: not its version, which
# would change the committed file from one Python to another.
LANGUAGE_INFO_KEYS = ("name", "codemirror_mode", "file_extension", "mimetype", "nbconvert_exporter", "pygments_lexer")


def normalise(notebook):
    """Take out what differs from run to run: timings, counts, the Python version."""
    count = 0
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        for output in cell.outputs:
            if "execution_count" in output:
                output.execution_count = count
    info = notebook.metadata.get("language_info", {})
    notebook.metadata["language_info"] = {key: info[key] for key in LANGUAGE_INFO_KEYS if key in info}
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}


def first_error(notebook):
    """The first cell with an error output, as (number among code cells, the error in one line)."""
    count = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        count += 1
        for output in cell.outputs:
            if output.get("output_type") == "error":
                return count, f"{output.ename}: {output.evalue}"
    return None


def run(path):
    """Execute one notebook; True if every cell ran. Writes it back only then."""
    notebook = nbformat.read(path, as_version=4)
    started = time.monotonic()
    # The kernel talks to this script over Unix sockets in a temporary folder, not TCP ports.
    # nbclient leaves a kernel manager that it was given running, so this one is shut down below.
    sockets = tempfile.TemporaryDirectory(prefix="notebooks-kernel-")
    kernel = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets.name, "kernel"))
    client = NotebookClient(
        notebook,
        km=kernel,
        timeout=CELL_TIMEOUT,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        found = first_error(notebook)
        where = f"code cell {found[0]}: {found[1]}" if found else type(error).__name__
        print(f"notebooks: FAILED {path.name}, {where}", file=sys.stderr)
        # nbclient's message: the cell's source and the traceback.
        print(re.sub(r"\x1b\[[0-9;]*m", "", str(error)).strip(), file=sys.stderr)  # no terminal colours
        return False
    finally:
        if kernel.has_kernel:
            kernel.shutdown_kernel()
        sockets.cleanup()
    normalise(notebook)
    nbformat.validate(notebook)
    nbformat.write(notebook, path)
    print(f"notebooks: {path.relative_to(HERE.parent) if path.is_relative_to(HERE.parent) else path} ran in {time.monotonic() - started:.1f} s")
    return True


def main(arguments):
    sys.stdout.reconfigure(line_buffering=True)  # in order with the failures on standard error
    paths = [Path(argument).resolve() for argument in arguments] or sorted(HERE.glob("*.ipynb"))
    if not paths:
        print("notebooks: no notebooks found", file=sys.stderr)
        return 1
    if "/" in os.environ.get("TRIALSTATS", ""):  # a path: made absolute, as the kernels run in Notebooks/
        os.environ["TRIALSTATS"] = str(Path(os.environ["TRIALSTATS"]).resolve())
    passed = failed = 0
    for path in paths:
        if run(path):
            passed += 1
        else:
            failed += 1
    print(f"notebooks: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
