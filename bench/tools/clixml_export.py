#!/usr/bin/env python3
"""A large Export-Clixml export for `import` (issue 31): the seed export (tools/Export-MailFlowState.ps1
run by PowerShell 7.6.10 against tests/exchange-stub) with N more accepted domains on each side, each
written as Export-Clixml writes the seed's own: an <Obj> naming its type by <TNRef>, its members in <MS>.

Usage: clixml_export.py SEED_FOLDER N OUT_FOLDER
"""
import re
import shutil
import sys

seed, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
shutil.copytree(seed, out)
for side in ("ExchangeOnline", "ExchangeServer"):
    path = f"{out}/{side}/AcceptedDomain.xml"
    text = open(path, encoding="utf-8").read()
    objects = re.findall(r"  <Obj RefId=\"\d+\">\n.*?\n  </Obj>\n", text, re.S)
    last = objects[-1]
    first_id = len(objects)
    members = re.search(r"    <MS>\n.*?    </MS>\n", last, re.S).group(0)
    type_ref = re.search(r"<TN(?:Ref)? RefId=\"(\d+)\"", objects[0]).group(1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[: text.rindex("</Objs>")])
        for i in range(count):
            name = f"bench{i}.example"
            body = re.sub(r">[^<]*\.(com|net)<", f">{name}<", members)
            f.write(f'  <Obj RefId="{first_id + i}">\n    <TNRef RefId="{type_ref}" />\n{body}  </Obj>\n')
        f.write("</Objs>")
