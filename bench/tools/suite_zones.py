#!/usr/bin/python3
"""Turns the RFC 7208 test suite into, per scenario, a root zone for nsd and a query file
("IP SENDER HELO" lines, as spfquery -file reads them). Cases that need a timeout or an empty
MAIL FROM are left out: a zone cannot time out, and spfquery's file format has no empty sender."""
import sys, yaml, pathlib

suite, out = sys.argv[1], pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)

def esc(name):
    name = name if name.endswith('.') else name + '.'
    return ''.join(c if c.isalnum() or c in '-._*' else '\\%03d' % ord(c) for c in name)

def quote(text):
    return '"' + ''.join('\\' + c if c in '"\\' else (c if 32 <= ord(c) < 127 else ''.join('\\%03d' % b for b in c.encode())) for c in text) + '"'

for index, doc in enumerate(yaml.safe_load_all(open(suite))):
    zone = ['$TTL 300', '. IN SOA ns. hostmaster. ( 1 3600 600 86400 300 )', '. IN NS ns.', 'ns. IN A 127.0.0.1']
    timeouts = set()
    for name, entries in (doc.get('zonedata') or {}).items():
        has_txt = any(isinstance(e, dict) and 'TXT' in e for e in entries)
        for entry in entries:
            if entry == 'TIMEOUT':
                timeouts.add(name.lower())
                continue
            for rtype, value in entry.items():
                if rtype in ('TXT', 'SPF'):
                    if (rtype == 'SPF' and has_txt) or value == 'NONE':
                        continue
                    strings = value if isinstance(value, list) else [value]
                    if strings:
                        zone.append(f'{esc(name)} IN TXT ' + ' '.join(quote(s) for s in strings))
                elif rtype in ('A', 'AAAA'):
                    zone.append(f'{esc(name)} IN {rtype} {value}')
                elif rtype == 'MX':
                    zone.append(f'{esc(name)} IN MX {value[0]} {esc(value[1])}')
                elif rtype in ('PTR', 'CNAME'):
                    zone.append(f'{esc(name)} IN {rtype} {esc(value)}')
    queries, expected = [], []
    for case, test in doc['tests'].items():
        sender = test.get('mailfrom') or ''
        domain = sender.rsplit('@', 1)[-1].lower()
        if not sender or domain in timeouts or ('temperror' in str(test['result']) and timeouts):
            continue
        queries.append(f"{test['host']} {sender} {test.get('helo') or 'unknown'}")
        results = test['result'] if isinstance(test['result'], list) else [test['result']]
        expected.append(','.join(results))
    (out / f'scenario{index:02d}.zone').write_text('\n'.join(zone) + '\n')
    (out / f'scenario{index:02d}.queries').write_text('\n'.join(queries) + '\n')
    (out / f'scenario{index:02d}.expected').write_text('\n'.join(expected) + '\n')
