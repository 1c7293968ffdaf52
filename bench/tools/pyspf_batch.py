#!/usr/bin/python3
"""pyspf over a query file, one check_host per line, printing 'RESULT IP SENDER' like the others."""
import sys, spf

for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) < 2:
        continue
    result, _explanation = spf.check2(i=parts[0], s=parts[1], h=parts[2] if len(parts) > 2 else 'unknown', timeout=5)
    print(result, parts[0], parts[1])
