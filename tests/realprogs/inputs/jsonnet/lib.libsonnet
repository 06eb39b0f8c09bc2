{
  // A small library: a deployment template and a helper.
  deployment(name, image, replicas=1):: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: name, labels: { app: name } },
    spec: {
      replicas: replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: name, image: image }] },
      },
    },
  },
  port(n):: if n < 1024 then error 'privileged port ' + n else n,
}
