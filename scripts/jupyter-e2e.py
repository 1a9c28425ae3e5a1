"""End-to-end check of the Pleura kernel against Jupyter's own client (used by the
KernelTests suite; Debian's python3-jupyter-client, -nbclient and -nbformat).

    /usr/bin/python3 scripts/jupyter-e2e.py PLEURA NOTEBOOK.ipynb WORKDIR

Installs the kernelspec under WORKDIR/prefix, executes the notebook (exported from a
Markdown notebook, so it carries that notebook's outputs) with nbclient in WORKDIR, and
compares: no cell may fail, every figure must be a PNG, and the numbers in each cell's
text must equal the ones the Markdown notebook recorded. Prints one line per problem and
exits 1 if there is any."""
import base64, json, os, re, subprocess, sys

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

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")

def text_of(outputs):
    parts = []
    for output in outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data") and "image/png" not in output.data:
            parts.append(output.data.get("text/plain", ""))
    # The kernel names files by absolute path; the Markdown run shows them relative to the
    # notebook's folder, as here.
    return "\n".join(parts).replace(os.path.realpath(workdir) + "/", "").replace(workdir + "/", "")

def pngs(outputs):
    return [o.data["image/png"] for o in outputs if o.output_type == "display_data" and "image/png" in o.data]

problems = []
cells = figures = 0
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
    if len(images) != len(pngs(before.outputs)):
        problems.append(f"{where}: {len(images)} figures, the Markdown notebook has {len(pngs(before.outputs))}")
    expected, got = NUMBER.findall(text_of(before.outputs)), NUMBER.findall(text_of(after.outputs))
    if expected != got:
        problems.append(f"{where}: numbers differ\n  recorded: {expected}\n  kernel:   {got}")

print(json.dumps({"cells": cells, "figures": figures, "problems": len(problems)}))
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
