#!/usr/bin/env python3
"""Re-runs the ```console blocks of notebooks-cli/*.md and rewrites the expected output of
every command whose output no longer matches, the way the notebook test runs them (fresh
folder with links to datasets/, models/ and notebooks-cli/).

Usage: python3 scripts/refresh_notebooks.py [NOTEBOOK.md ...]   (default: all)
Needs a built citymatch: CITYMATCH_BIN_DIR (default .build/debug).

Rewritten output gets placeholders for what legitimately varies: digits after the second
decimal (`0.6247` -> `0.62[..]`) and the audit timestamp. Review the diff before committing.
"""
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import tempfile

root = pathlib.Path(__file__).resolve().parent.parent
bindir = os.environ.get('CITYMATCH_BIN_DIR', str(root / '.build' / 'debug'))


def line_matches(pattern, line):
    pieces = pattern.split('[..]')
    if len(pieces) == 1:
        return pattern == line
    regex = '^' + '.*'.join(re.escape(p) for p in pieces) + '$'
    return re.match(regex, line, re.S) is not None


def matches(expected, actual):
    if not expected:
        return not actual
    if expected[0] == '...':
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and line_matches(expected[0], actual[0]) and matches(expected[1:], actual[1:])


def placeholders(line):
    line = re.sub(r'(\d\.\d\d)\d+', r'\1[..]', line)
    line = re.sub(r'\| generated \| .*', '| generated | [..] |', line)
    return line


def refresh(path):
    lines = path.read_text().split('\n')
    with tempfile.TemporaryDirectory() as work:
        for name in ['datasets', 'models', 'notebooks-cli']:
            os.symlink(root / name, pathlib.Path(work) / name)
        env = dict(os.environ)
        env['PATH'] = bindir + ':' + env.get('PATH', '')
        for key in ['CITYMATCH_DB', 'CITYMATCH_RANKER', 'CITYMATCH_CACHE']:
            env.pop(key, None)
        env['CITYMATCH_MODEL_DIR'] = str(root / 'models' / 'all-minilm-l6-v2')
        env['XDG_CACHE_HOME'] = str(pathlib.Path(work) / '.cache')
        env['COLUMNS'] = '120'
        env['NO_COLOR'] = '1'
        # A free loopback port for walkthroughs that start `citymatch serve` (as the test runner does).
        with socket.socket() as probe:
            probe.bind(('127.0.0.1', 0))
            env['PORT'] = str(probe.getsockname()[1])
        out, i, in_block, changed = [], 0, False, 0
        while i < len(lines):
            line = lines[i]
            if line.startswith('```'):
                in_block = (not in_block) and line.strip() == '```console'
                out.append(line)
                i += 1
                continue
            if in_block and line.startswith('$ '):
                command = line[2:]
                j = i + 1
                while j < len(lines) and not lines[j].startswith('$ ') and not lines[j].startswith('```'):
                    j += 1
                expected = lines[i + 1:j]
                while expected and not expected[-1].strip():
                    expected.pop()
                status_line = None
                if expected and re.fullmatch(r'\[exit \d+\]', expected[-1]):
                    status_line = expected.pop()
                run = subprocess.run(['/bin/sh', '-c', command], cwd=work, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                actual = [l.rstrip() for l in run.stdout.decode().split('\n')]
                while actual and not actual[-1]:
                    actual.pop()
                want_status = int(status_line[6:-1]) if status_line else 0
                out.append(line)
                if matches(expected, actual) and run.returncode == want_status:
                    out += lines[i + 1:j]
                else:
                    changed += 1
                    out += [placeholders(l) for l in actual]
                    if run.returncode != 0:
                        out.append(f'[exit {run.returncode}]')
                    if j < len(lines) and lines[j].startswith('$ ') and lines[j - 1] == '':
                        out.append('')
                i = j
                continue
            out.append(line)
            i += 1
        pid_file = pathlib.Path(work) / 'server.pid'
        if pid_file.exists():
            try:
                os.kill(int(pid_file.read_text().strip()), signal.SIGKILL)
            except (ValueError, ProcessLookupError):
                pass
    path.write_text('\n'.join(out))
    print(f'{path.name}: {changed} command(s) rewritten')


targets = [pathlib.Path(p) for p in sys.argv[1:]] or sorted((root / 'notebooks-cli').glob('[0-9]*.md'))
for target in targets:
    refresh(target.resolve())
