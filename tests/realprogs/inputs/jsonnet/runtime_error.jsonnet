local lib = import 'lib.libsonnet';
{ ports: [lib.port(p) for p in [8080, 80]] }
