// The ports where databases and management consoles listen by default, with what answers there.
// Firewall rules are judged on these; the products tell a live probe what should answer.
// The table is the endpoint rules' own ports and products (test/meta/rules.test.ts checks that it
// equals them), less the web ports every site opens (WEB_PORTS: a firewall open there says
// nothing about a console), plus ports no probe reads but which only a database serves
// (Elasticsearch's transport port 9300). The first product of a port is the one a finding names.
export const SERVICE_PORTS: Readonly<Record<number, readonly string[]>> = {
  1883: ['mqtt'],
  2181: ['zookeeper'],
  2375: ['docker', 'podman'],
  2376: ['docker', 'podman'],
  2379: ['etcd'],
  3000: ['grafana'],
  3306: ['mysql', 'mariadb'],
  4222: ['nats'],
  5050: ['pgadmin'],
  5432: ['postgresql'],
  5540: ['redisinsight'],
  5601: ['kibana', 'opensearch-dashboards'],
  5672: ['rabbitmq'],
  5984: ['couchdb'],
  6379: ['redis'],
  6443: ['kubernetes'],
  8001: ['redisinsight'],
  8080: ['jenkins', 'adminer', 'phpmyadmin'],
  8081: ['mongo-express', 'redis-commander'],
  8086: ['influxdb'],
  8088: ['hadoop-yarn'],
  8123: ['clickhouse'],
  8500: ['consul'],
  8888: ['jupyter'],
  8983: ['solr'],
  9000: ['clickhouse', 'cerebro'],
  9042: ['cassandra', 'scylladb'],
  9090: ['prometheus'],
  9100: ['elasticsearch-head'],
  9200: ['elasticsearch', 'opensearch'],
  9300: ['elasticsearch'],
  9600: ['logstash'],
  10250: ['kubelet'],
  10255: ['kubelet'],
  11211: ['memcached'],
  15672: ['rabbitmq'],
  27017: ['mongodb'],
};

/** Ports any web server opens: rules probe consoles there, but an open firewall on them proves nothing. */
export const WEB_PORTS: readonly number[] = [80, 443, 8443];

/** Ports with no probe rule of their own, in the table because only that product listens there. */
export const UNPROBED_SERVICE_PORTS: readonly number[] = [9300];

export const SERVICE_PORT_NUMBERS: readonly number[] = Object.keys(SERVICE_PORTS)
  .map(Number)
  .sort((a, b) => a - b);

/** Every product a firewall finding can name: the security-group rules' `products`. */
export const SERVICE_PRODUCTS: readonly string[] = [...new Set(Object.values(SERVICE_PORTS).flat())].sort();
