"""Writes the graph of a plans folder as a TRLC package, for timing TRLC on the same graph.

Reads `planalign graph --format dot` on standard input and writes DIR/plans.rsl (one record
type, Item, with a kind, a title and optional links to other items) and one .trlc file per
plan holding its items. TRLC then parses every file and resolves every link, which is the
closest it comes to what `planalign check` does.

    planalign graph CORPUS | python3 benches/trlc_corpus.py DIR
"""

import os
import re
import sys

NODE = re.compile(r'^\s+"([^"]+)" \[label="([^"]*)"')
EDGE = re.compile(r'^\s+"([^"]+)" -> "([^"]+)"')
CLUSTER = re.compile(r'^\s+subgraph cluster_(\d+)')


def text(value):
    return value.replace("\\", "\\\\").replace('"', '\\"')


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    plans, links, plan = {}, {}, None
    for line in sys.stdin:
        if m := CLUSTER.match(line):
            plan = m.group(1)
            plans[plan] = []
        elif m := NODE.match(line):
            kind, _, rest = m.group(2).partition(" ")
            title = rest.split("\\n")[1] if "\\n" in rest else rest
            plans[plan].append((m.group(1), kind, title))
        elif m := EDGE.match(line):
            links.setdefault(m.group(1), []).append(m.group(2))
    with open(os.path.join(out, "plans.rsl"), "w") as f:
        f.write("package Plans\n\ntype Item {\n  id String\n  kind String\n  title String\n"
                "  links optional Item [1 .. *]\n}\n")
    # TRLC refuses object names that differ only in underscores or case, so objects are
    # numbered and keep planalign's id as a field.
    names = {}
    for items in plans.values():
        for item_id, _, _ in items:
            names[item_id] = f"N{len(names)}"
    for plan, items in plans.items():
        with open(os.path.join(out, f"plan-{plan}.trlc"), "w") as f:
            f.write("package Plans\n\n")
            for item_id, kind, title in items:
                f.write(f'Item {names[item_id]} {{\n  id = "{text(item_id)}"\n  kind = "{text(kind)}"\n'
                        f'  title = "{text(title)}"\n')
                if item_id in links:
                    f.write(f"  links = [{', '.join(names[t] for t in links[item_id])}]\n")
                f.write("}\n\n")
    print(f"{sum(len(i) for i in plans.values())} items in {len(plans)} files")


if __name__ == "__main__":
    main()
