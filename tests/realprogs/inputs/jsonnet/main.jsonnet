local lib = import 'lib.libsonnet';
local envs = ['dev', 'staging', 'prod'];
{
  ['deployment-' + env + '.json']: lib.deployment('web-' + env, 'web:1.' + std.length(env), replicas=std.length(env) - 2)
  for env in envs
} + {
  'summary.json': {
    ports: [lib.port(8000 + i) for i in std.range(0, 4)],
    sha: std.md5('gowasm'),
    sorted: std.sort(['pear', 'apple', 'fig'], function(s) std.length(s)),
    formatted: std.format('%05.2f|%-6s|%x', [3.14159, 'go', 255]),
    parsed: std.parseJson('{"a": [1, 2.5, null, true]}'),
    manifest: std.manifestYamlDoc({ a: 1, b: ['x', 'y'] }),
  },
}
