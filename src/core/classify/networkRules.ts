// Network: the test needs a connection that CI cannot promise (an outside host, DNS, TLS, a server that is not up).
// Message signs are the errors that sockets, resolvers and HTTP clients print; source signs are outside hosts in
// string literals, stronger when the line hands them to a network API.

import { ASSERTION } from './codePatterns';
import { hostInMessage, hostLiteral, isWellKnownHost } from './hosts';
import type { CategoryRules, MessageCheck, MessageRule, Signal, SourceRule } from './signals';
import { messageSignal, sourceSignal } from './signals';
import { stringLiterals } from './sourceText';

/** Calls that open connections or resolve names, across languages. */
const NETWORK_API =
  /\b(?:TcpStream|UdpSocket|TcpListener|reqwest|ureq|hyper|isahc|attohttpc|to_socket_addrs|lookup_host|ToSocketAddrs)\b|\bnet\.(?:Dial\w*|Listen\w*|Lookup\w*|Resolve\w*)\s*\(|\bhttp\.(?:Get|Post|Head|PostForm|NewRequest\w*)\s*\(|\b(?:tls|grpc)\.Dial\w*\s*\(|\bfetch\s*\(|\baxios\b|\bundici\b|\bhttps?\.(?:get|request)\s*\(|\brequests\.(?:get|post|put|patch|delete|head|request|Session)\b|\burlopen\s*\(|\burllib\b|\bhttpx\b|\baiohttp\b|\bsocket\.(?:socket|create_connection|getaddrinfo|gethostbyname)\s*\(|\bnew\s+(?:Socket|URL|InetSocketAddress|HttpGet|HttpPost)\s*\(|\bSocketChannel\b|\bopen(?:Connection|Stream)\s*\(|\bHttp(?:Client|URLConnection|Request)\b|\bOkHttp\w*|\bRestTemplate\b|\bWebClient\b|\bInetAddress\.getBy\w+\s*\(|\bInetAddress\.getAllByName\s*\(|\bconnect\s*\(|\bDial\s*\(|\bcurl\b|\bwget\b|\bgit\s+clone\b/;

const NETWORK_WORDS = /connect|socket|dns|lookup|resolve|handshake|\btls\b|\bssl\b|\bhttps?\b|\bhost\b/i;
const LOOPBACK_IN_TEXT = /\blocalhost\b|\b127\.0\.0\.1\b|\[::1\]|\b0\.0\.0\.0\b/i;

const messageRules: readonly MessageRule[] = [
  { id: 'connection-reset', category: 'network', weight: 0.8, all: [/connection reset|ECONNRESET|ConnectionReset|reset by peer|os error 104\b|os error 10054\b|forcibly closed by the remote host/i] },
  { id: 'connection-refused', category: 'network', weight: 0.7, all: [/connection refused|ECONNREFUSED|ConnectionRefused|ConnectException|actively refused|os error 111\b|os error 10061\b/i], none: [LOOPBACK_IN_TEXT] },
  // A refused loopback connection is usually a local server that is not listening yet: partly an async wait.
  { id: 'connection-refused-loopback', category: 'network', weight: 0.45, all: [/connection refused|ECONNREFUSED|ConnectionRefused|ConnectException|actively refused/i, LOOPBACK_IN_TEXT] },
  { id: 'connection-refused-loopback', category: 'async-wait', weight: 0.35, all: [/connection refused|ECONNREFUSED|ConnectionRefused|ConnectException|actively refused/i, LOOPBACK_IN_TEXT] },
  { id: 'name-resolution', category: 'network', weight: 0.85, all: [/failed to lookup address|getaddrinfo|no such host|Name or service not known|nodename nor servname|Temporary failure in name resolution|UnknownHostException|ENOTFOUND|EAI_AGAIN|could not resolve host|Could not resolve|NameResolutionError|name resolution|No address associated with hostname|dns error/i] },
  { id: 'dns', category: 'network', weight: 0.5, all: [/\bdns\b/i] },
  { id: 'tls', category: 'network', weight: 0.55, all: [/\btls\b|\bssl\b|handshake|certificate|x509|CERT_|SSLException|SSLHandshakeException|rustls|native-tls|schannel/i], none: [/connection reset|ECONNRESET|reset by peer/i] },
  { id: 'connect-timeout', category: 'network', weight: 0.7, all: [/timed? ?out|timeout|ETIMEDOUT/i, /connect|socket|dial|handshake|lookup|read tcp|write tcp|i\/o timeout/i] },
  { id: 'socket-timeout', category: 'network', weight: 0.75, all: [/SocketTimeoutException|ConnectTimeoutException|ConnectTimeoutError|ReadTimeoutError|i\/o timeout|ETIMEDOUT|os error 110\b|os error 10060\b/i] },
  { id: 'unreachable', category: 'network', weight: 0.85, all: [/network is unreachable|host is unreachable|No route to host|NoRouteToHostException|EHOSTUNREACH|ENETUNREACH|ENETDOWN|os error 101\b|os error 113\b/i] },
  { id: 'http-5xx', category: 'network', weight: 0.55, all: [/\b5\d\d\b/, /\bHTTP\b|\bstatus\b|\bresponse\b/i], none: [/\b5\d\d\s*(?:ms|s|bytes|items|lines)\b/i] },
  { id: 'http-5xx', category: 'network', weight: 0.6, all: [/Bad Gateway|Service Unavailable|Gateway Time-?out/i] },
  { id: 'rate-limited', category: 'network', weight: 0.55, all: [/\b429\b|Too Many Requests|rate limit(?:ed)?|secondary rate limit/i] },
  { id: 'client-error', category: 'network', weight: 0.6, all: [/error sending request|error trying to connect|hyper::Error|reqwest::Error|requests\.exceptions\.|urllib3\.exceptions|MaxRetryError|RemoteDisconnected|ConnectionError|socket hang up|fetch failed|UND_ERR_|ECONNABORTED|connection aborted|dial tcp|dial udp/i] },
  { id: 'connection-dropped', category: 'network', weight: 0.35, all: [/broken pipe|EPIPE|unexpected EOF|connection closed|IncompleteRead|ProtocolError/i] },
  { id: 'java-net', category: 'network', weight: 0.5, all: [/\bjava\.net\.|\bjavax\.net\.ssl\.|\bsun\.net\.|\bjava\.nio\.channels\.(?:Closed|Unresolved)|SocketException|UnresolvedAddressException/] },
];

/** Names the outside host a failing line mentions (`lookup example.com: no such host`). */
const hostOfMessage: MessageCheck = (message) => {
  const signals: Signal[] = [];
  for (const line of message.lines) {
    if (!NETWORK_WORDS.test(line) && !/\b(?:ENOTFOUND|EAI_AGAIN|UnknownHostException)\b/.test(line)) continue;
    const host = hostInMessage(line);
    if (host === undefined) continue;
    signals.push(messageSignal(message, line, 'network', 'host-in-message', 0.55, { focus: line.indexOf(host), host }));
    break;
  }
  return signals;
};

/** Outside hosts in string literals: URLs, `host:port`, and bare names handed to a network API. */
const outsideHosts: SourceRule = (source) => {
  const signals: Signal[] = [];
  source.code.forEach((line, index) => {
    if (!line.includes('"') && !line.includes("'") && !line.includes('`')) return;
    const api = NETWORK_API.test(line);
    for (const literal of stringLiterals(line, source.language)) {
      const found = hostLiteral(literal);
      if (found === undefined) continue;
      const focus = line.indexOf(found.host);
      if (found.kind === 'url' && found.outside) {
        // A URL inside an assertion is usually data the test parses, not a place it connects to.
        const asData = !api && ASSERTION.test(line);
        signals.push(sourceSignal(source, index, 'network', 'outside-url', api ? 0.75 : asData ? 0.15 : 0.45, { focus, host: found.host, supportOnly: asData }));
      } else if (found.kind === 'host-port' && found.outside) {
        signals.push(sourceSignal(source, index, 'network', 'outside-host-port', api ? 0.75 : 0.6, { focus, host: found.host }));
      } else if (found.kind === 'host' && (api || isWellKnownHost(found.host))) {
        signals.push(sourceSignal(source, index, 'network', 'outside-host', api ? 0.65 : 0.4, { focus, host: found.host }));
      }
    }
  });
  return signals;
};

const LOCAL_NETWORK_API =
  /\b(?:SSL|TLS|X509)\w{0,30}|\bKeyStore\b|\bTrustStore\b|\bTrustManager\w{0,20}|\bHostnameVerifier\b|\bjavax\.net\.ssl\b|\b(?:set|get)\w{0,20}Ports?(?:Range)?\s*\(|\b(?:Tcp|Udp)[A-Z]\w{0,30}|"(?:(?:https?|wss?|tcp|grpc):\/\/)?(?:localhost|127\.0\.0\.1)\b|\b(?:find|get|pick|choose|next)\w{0,10}(?:Free|Open|Available|Unused|Random)\w{0,10}Ports?\s*\(|\bset(?:Connect|So|Read|Socket|Connection)Timeout\s*\(|\bgetHost(?:Name|Address|String)\s*\(|\bnew\s+(?:Bootstrap|ServerBootstrap|URL)\s*\(|\b\w{0,20}EventLoopGroup\b|\bNio\w{0,20}Channel\b|\.openConnection\s*\(|\bhttp(?:Get|Post|Put|Delete|Patch|Head)\s*\(|\b(?:Get|Post|Put|Delete|Patch)Method\b|\bOkHttpClient\b|\bManagedChannel\w{0,20}|\bChannelFuture\b|\bRestAssured\b|\bWebTarget\b|\bHttpHost\b|\bSocketFactory\b|\bgetResponseBody\w{0,20}\s*\(|\.releaseConnection\s*\(|\bgetStatusCode\s*\(|\bHttpStatus\.\w+|\bHttpResponseStatus\b|\blocalAddress\s*\(|\.connect\s*\(\s*\w|\bMockWebServer\b|\bJetty\w{0,20}|\bUndertow\b|\bnew\s+URI\s*\(\s*"(?:tcp|https?|wss?|nio|ssl):|\b(?:TcpStream|TcpListener|UdpSocket)::|\bnet\.(?:Dial|Listen)\w*\s*\(|\bhttptest\.New\w*Server\s*\(|\bnew\s+(?:Socket|ServerSocket|DatagramSocket|InetSocketAddress|NettyServer|HttpServer|MockWebServer|WireMockServer)\s*\(|\b(?:Server)?SocketChannel\b|\bSelector\.open\s*\(|\bcreateServer\s*\(|\bsocket\.socket\s*\(|\bHttp(?:Server|Client|Request|Response|URLConnection)\b|\bURI\.create\s*\(|\bgetBindAddress\s*\(|\bgetLocalPort\s*\(|"(?:https?|wss?|tcp):\/\/%s|\bsupertest\b|\brequest\s*\(\s*app\b|\bTestClient\s*\(|\bhttpx\.(?:Client|AsyncClient)\b/;

/** Sockets, servers and HTTP on loopback: a weaker sign (a server not up yet, a connection dropped under load). */
const localNetwork: SourceRule = (source) => {
  const lines: number[] = [];
  source.code.forEach((line, index) => {
    if (LOCAL_NETWORK_API.test(line)) lines.push(index);
  });
  const first = lines[0];
  if (first === undefined) return [];
  const weight = lines.length >= 5 ? 0.45 : lines.length >= 3 ? 0.35 : lines.length === 2 ? 0.3 : 0.2;
  return [sourceSignal(source, first, 'network', 'local-network', weight)];
};

/** The machine's own host name resolved through DNS, which CI runners do not always have. */
const LOCAL_HOST_LOOKUP = /\bInetAddress\.getLocalHost\s*\(|\.getCanonicalHostName\s*\(|\bgethostname\s*\(|\bos\.Hostname\s*\(|\bsocket\.gethostbyname\s*\(\s*socket\.gethostname/;

const localHostLookup: SourceRule = (source) => {
  const index = source.bare.findIndex((line) => LOCAL_HOST_LOOKUP.test(line));
  return index < 0 ? [] : [sourceSignal(source, index, 'network', 'local-host-lookup', 0.45)];
};

export const networkRules: CategoryRules = {
  messageRules,
  messageChecks: [hostOfMessage],
  sourceRules: [outsideHosts, localNetwork, localHostLookup],
};
