// The ports where databases and management consoles listen by default, with what answers there.
// Firewall rules are judged on these; the products tell a live probe what should answer.
export const SERVICE_PORTS: Readonly<Record<number, readonly string[]>> = {
  1883: ['mqtt'],
  2181: ['zookeeper'],
  2375: ['docker'],
  2379: ['etcd'],
  3000: ['grafana'],
  3306: ['mysql', 'mariadb'],
  5432: ['postgresql'],
  5601: ['kibana', 'opensearch-dashboards'],
  5984: ['couchdb'],
  6379: ['redis'],
  8080: ['jenkins'],
  8088: ['hadoop-yarn'],
  8123: ['clickhouse'],
  8500: ['consul'],
  8888: ['jupyter'],
  9000: ['clickhouse'],
  9042: ['cassandra'],
  9090: ['prometheus'],
  9200: ['elasticsearch', 'opensearch'],
  9300: ['elasticsearch'],
  11211: ['memcached'],
  15672: ['rabbitmq'],
  27017: ['mongodb'],
};

export const SERVICE_PORT_NUMBERS: readonly number[] = Object.keys(SERVICE_PORTS).map(Number).sort((a, b) => a - b);
