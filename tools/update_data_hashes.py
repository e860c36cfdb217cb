"""Record the current sha256 and size of every file in data/datapackage.json.

A maintainer's tool, not part of the package: run it only after a deliberate, sourced change
to a file in data/, and commit the CSV and datapackage.json together. It changes nothing but
each resource's "hash" and "bytes", and prints what it changed.

    python tools/update_data_hashes.py [DATA_DIR]
"""

import hashlib
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def update_hashes(data_dir: Path = DATA) -> int:
    """Rewrite hash and bytes of each resource in data_dir/datapackage.json; return how many changed."""
    path = Path(data_dir) / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    changed = 0
    for resource in package["resources"]:
        data = (Path(data_dir) / resource["path"]).read_bytes()
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        if resource.get("hash") != digest or resource.get("bytes") != len(data):
            print(f"{resource['path']}: {resource.get('hash')} -> {digest}")
            resource["hash"], resource["bytes"] = digest, len(data)
            changed += 1
    if changed:
        path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{changed} resource(s) updated")
    return changed


if __name__ == "__main__":
    update_hashes(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
    sys.exit(0)
