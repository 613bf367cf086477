#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Checks that the library's files depend on each other one way: no cycle
# in the graph of #include "..." between the modules of SRCDIR and of its
# inspector/ (the Inspector's panes), where a module is a file pair and its
# private header (healing-foo.c, .h and -private.h are one node).
#
# The edges below are allowed: they are left out of the graph, each with
# the reason it is kept. A cycle through any other edge fails the check,
# and is printed with its edges.
#
# Usage: build-aux/include-cycles.py SRCDIR [--graph]

import collections
import os
import re
import sys

ALLOWED = {
    # The runtime's registry is a GListModel of containers: it needs the
    # item type. The container uses the runtime (clock, policy, log).
    ('healing-runtime', 'healing-container'),
    # Two files of one class: the JSON methods of HealingCheckpoint read
    # its fields through healing-checkpoint-private.h; its capture and
    # restore convert values with healing-checkpoint-json.c.
    ('healing-checkpoint-json', 'healing-checkpoint'),
    # A trap frame keeps the first exception a language binding reported
    # in it (HealingReportedException, healing-report-private.h); the
    # report API finds the current frame.
    ('healing-trap', 'healing-report'),
    # The watchdog interrupts the trapped frame that hangs; the trap starts
    # and arms the watchdog.
    ('healing-watchdog', 'healing-trap'),
    # healing-patch-private.h is the private header of the whole patch
    # family (keys, payloads, envelopes, and internals of the bundle and
    # the trust): it declares functions on their types.
    ('healing-patch', 'healing-patch-bundle'),
    ('healing-patch', 'healing-patch-trust'),
    # The trust's loader reads the "patch" section of the policy file and
    # reports HEALING_POLICY_ERROR; the policy holds the trust it loaded.
    ('healing-patch-trust', 'healing-policy'),
}


def module(name):
    base = os.path.basename(name)
    base = re.sub(r'\.(c|h|h\.in)$', '', base)
    return re.sub(r'-private$', '', base)


# Subdirectories of SRCDIR whose files are modules of the library too.
SUBDIRS = ('inspector',)


def graph(srcdir):
    files = [f for f in os.listdir(srcdir) if f.endswith(('.c', '.h', '.h.in'))]
    for subdir in SUBDIRS:
        if os.path.isdir(os.path.join(srcdir, subdir)):
            files += [os.path.join(subdir, f) for f in os.listdir(os.path.join(srcdir, subdir))
                      if f.endswith(('.c', '.h'))]
    modules = {module(f) for f in files}
    edges = collections.defaultdict(set)
    include = re.compile(r'\s*#\s*include\s+"([^"]+)"')

    for f in files:
        a = module(f)
        with open(os.path.join(srcdir, f), encoding='utf-8') as source:
            for line in source:
                match = include.match(line)
                if match is None:
                    continue
                b = module(match.group(1))
                if b in modules and b != a:
                    edges[a].add(b)

    return modules, edges


def cycles(modules, edges):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, on_stack = {}, {}, set()
    stack, found = [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(modules):
        if v not in index:
            visit(v)

    return found


def main():
    if len(sys.argv) < 2:
        print(f'usage: {sys.argv[0]} SRCDIR [--graph]', file=sys.stderr)
        return 2

    modules, edges = graph(sys.argv[1])

    if '--graph' in sys.argv[2:]:
        for a in sorted(edges):
            for b in sorted(edges[a]):
                note = '  (allowed)' if (a, b) in ALLOWED else ''
                print(f'{a} -> {b}{note}')

    stale = sorted(e for e in ALLOWED if e[1] not in edges[e[0]])
    for a, b in stale:
        print(f'allowed edge {a} -> {b} no longer exists: remove it from {sys.argv[0]}')

    kept = {a: {b for b in bs if (a, b) not in ALLOWED} for a, bs in edges.items()}
    kept = collections.defaultdict(set, kept)
    found = cycles(modules, kept)
    for component in found:
        print('include cycle: ' + ', '.join(component))
        for a in component:
            for b in sorted(kept[a]):
                if b in component:
                    print(f'  {a} -> {b}')

    if not found and not stale:
        print(f'no include cycle among {len(modules)} modules '
              f'({len(ALLOWED)} allowed edges)')

    return 1 if found or stale else 0


if __name__ == '__main__':
    sys.exit(main())
