"""End-to-end check of the Pleura kernel against Jupyter's own client (used by the
KernelTests suite; Debian's python3-jupyter-client, -nbclient and -nbformat).

    /usr/bin/python3 scripts/jupyter-e2e.py PLEURA NOTEBOOK.ipynb WORKDIR

Installs the kernelspec under WORKDIR/prefix, executes the notebook (exported from a
Markdown notebook, so it carries that notebook's outputs) with nbclient in WORKDIR, and
compares: no cell may fail, every figure must be a PNG, and each cell's outputs must be the
ones the export recorded: the same output types in the same order (`stream`,
`execute_result`, `display_data`, `error`) with the same texts (`text/plain`, `text/html`,
stream text; neighbouring stream outputs joined, as front ends show them). Prints one line
per problem and exits 1 if there is any."""
import base64, json, os, subprocess, sys

pleura, notebook_path, workdir = sys.argv[1:4]
prefix = os.path.join(workdir, "prefix")
subprocess.run([pleura, "kernel", "install", "--prefix", prefix], check=True, stdout=subprocess.DEVNULL)
# Only the kernelspec just installed is visible to the client.
os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
os.environ["JUPYTER_DATA_DIR"] = os.path.join(workdir, "data")
os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(workdir, "runtime")
os.environ["XDG_STATE_HOME"] = os.path.join(workdir, "state")

# The tour writes its data and results under _out/ beside the notebook.
os.makedirs(os.path.join(workdir, "_out"), exist_ok=True)

import nbformat
from nbclient import NotebookClient

recorded = nbformat.read(notebook_path, as_version=4)
executed = nbformat.read(notebook_path, as_version=4)
assert executed.metadata.kernelspec.name == "pleura", "the export does not name the Pleura kernelspec"
NotebookClient(executed, timeout=170, kernel_name="pleura", allow_errors=True,
               resources={"metadata": {"path": workdir}}).execute()

def portable(text):
    # The kernel names files by absolute path; the Markdown run shows them relative to the
    # notebook's folder, as here.
    return text.replace(os.path.realpath(workdir) + "/", "").replace(workdir + "/", "")

def outputs_of(cell):
    """The cell's outputs as (type, texts...) tuples: what a reader of the notebook sees."""
    shown = []
    for output in cell.outputs:
        kind = output.output_type
        if kind == "stream":
            if shown and shown[-1][0] == "stream " + output.name:
                shown[-1] = (shown[-1][0], shown[-1][1] + output.text)
            else:
                shown.append(("stream " + output.name, output.text))
        elif kind == "execute_result":
            shown.append((kind, output.data.get("text/plain", ""), output.data.get("text/html")))
        elif kind == "display_data":
            shown.append((kind, output.data.get("text/plain", ""), "image/png" in output.data))
        elif kind == "error":
            shown.append((kind, output.ename, output.evalue))
    return [tuple(portable(part) if isinstance(part, str) else part for part in entry) for entry in shown]

def pngs(outputs):
    return [o.data["image/png"] for o in outputs if o.output_type == "display_data" and "image/png" in o.data]

problems = []
cells = figures = results = 0
for index, (before, after) in enumerate(zip(recorded.cells, executed.cells)):
    if after.cell_type != "code":
        continue
    cells += 1
    where = f"cell {index + 1} ({after.source.splitlines()[0] if after.source else ''!r})"
    for output in after.outputs:
        if output.output_type == "error":
            problems.append(f"{where}: error {output.evalue}")
    images = pngs(after.outputs)
    for image in images:
        if not base64.b64decode(image).startswith(b"\x89PNG\r\n\x1a\n"):
            problems.append(f"{where}: a figure that is not a PNG")
    figures += len(images)
    expected, got = outputs_of(before), outputs_of(after)
    results += sum(1 for entry in got if entry[0] == "execute_result")
    if expected != got:
        lines = [f"{where}: outputs differ"]
        for n in range(max(len(expected), len(got))):
            e = expected[n] if n < len(expected) else None
            g = got[n] if n < len(got) else None
            if e != g:
                lines.append(f"  output {n + 1}\n    exported: {e!r}\n    kernel:   {g!r}")
        problems.append("\n".join(lines))

print(json.dumps({"cells": cells, "figures": figures, "results": results, "problems": len(problems)}))
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
