/** The ports and files of one InspIRCd + Atheme test network. */
export interface ServicesNetworkLayout {
  readonly dir: string;
  readonly port: number;
  readonly tlsPort: number;
  readonly linkPort: number;
  readonly linkPassword: string;
}

export const IRCD_NAME = "irc.test.local";
export const SERVICES_NAME = "services.test.local";

/**
 * InspIRCd 3 for a network with services: the server link and U-line for Atheme, accounts
 * (m_services_account: +R channels, 330 in WHOIS), SASL relayed to Atheme's SaslServ, TLS with
 * client certificates whose SHA-256 fingerprints services see (m_sslinfo), and the IRCv3 caps.
 */
export function inspircdServicesConf(n: ServicesNetworkLayout): string {
  const modules = ["spanningtree", "services_account", "svshold", "sasl", "ssl_gnutls", "sslinfo", "cap", "ircv3", "ircv3_accounttag",
    "ircv3_capnotify", "ircv3_echomessage", "ircv3_labeledresponse", "ircv3_batch", "ircv3_servertime", "ircv3_msgid"];
  return [
    `<server name="${IRCD_NAME}" description="helga test network" network="HelgaTest" id="1HT">`,
    '<admin name="test" nick="test" email="test@localhost">',
    ...modules.map((name) => `<module name="${name}">`),
    `<sslprofile name="main" provider="gnutls" certfile="${n.dir}/server-cert.pem" keyfile="${n.dir}/server-key.pem" hash="sha256" requestclientcert="yes">`,
    `<bind address="127.0.0.1" port="${n.port}" type="clients">`,
    `<bind address="127.0.0.1" port="${n.tlsPort}" type="clients" ssl="main">`,
    `<bind address="127.0.0.1" port="${n.linkPort}" type="servers">`,
    `<link name="${SERVICES_NAME}" ipaddr="127.0.0.1" port="${n.linkPort}" allowmask="127.0.0.0/8" sendpass="${n.linkPassword}" recvpass="${n.linkPassword}">`,
    `<uline server="${SERVICES_NAME}" silent="yes">`,
    `<sasl target="${SERVICES_NAME}" requiressl="no">`,
    '<connect name="main" allow="*" timeout="60" pingfreq="120" localmax="1000" globalmax="1000" resolvehostnames="no" threshold="1000" commandrate="100000" fakelag="no">',
    `<pid file="${n.dir}/inspircd.pid">`,
    `<files motd="${n.dir}/motd">`,
    '<dns server="127.0.0.1" timeout="1">',
    '<options prefixquit="Quit: ">',
    "",
  ].join("\n");
}

/** Atheme 7.2 linked to that InspIRCd: NickServ (IDENTIFY, REGISTER, CERT), SaslServ (PLAIN, EXTERNAL), its database in `dir`. */
export function athemeConf(n: ServicesNetworkLayout): string {
  const modules = ["protocol/inspircd", "backend/opensex", "crypto/pbkdf2v2", "nickserv/main", "nickserv/identify", "nickserv/register",
    "nickserv/cert", "nickserv/info", "nickserv/status", "nickserv/ghost", "nickserv/set_core", "nickserv/set_password", "nickserv/enforce",
    "saslserv/main", "saslserv/plain", "saslserv/external"];
  const service = (block: string, nick: string, real: string) => `${block} { nick = "${nick}"; user = "${nick}"; host = "${SERVICES_NAME}"; real = "${real}"; };`;
  return [
    ...modules.map((name) => `loadmodule "modules/${name}";`),
    "pbkdf2v2 { };",
    "serverinfo {",
    `  name = "${SERVICES_NAME}"; desc = "helga test services"; numeric = "00A"; recontime = 2;`,
    '  netname = "HelgaTest"; hidehostsuffix = "users.test"; adminname = "test"; adminemail = "test@localhost";',
    `  registeremail = "noreply@localhost"; mta = "/bin/true"; loglevel = { error; info; admin; network; };`,
    "  maxlogins = 5; maxusers = 100; mdlimit = 30; emaillimit = 100; emailtime = 300; auth = none; casemapping = rfc1459;",
    "};",
    `uplink "${IRCD_NAME}" { host = "127.0.0.1"; password = "${n.linkPassword}"; port = ${n.linkPort}; };`,
    "nickserv { nick = \"NickServ\"; user = \"NickServ\"; host = \"" + SERVICES_NAME + "\"; real = \"Nickname Services\"; maxnicks = 5; expire = 30; enforce_delay = 2; };",
    service("saslserv", "SaslServ", "SASL Authentication Agent"),
    "general {",
    "  commit_interval = 5; uflags = { hidemail; }; cflags = { verbose; }; join_chans; leave_chans;",
    "  flood_msgs = 1000; flood_time = 1; ratelimit_uses = 1000; ratelimit_period = 1;",
    "  kline_time = 7; clone_time = 0; default_clone_allowed = 100; uplink_sendq_limit = 1048576; language = \"en\";",
    "};",
    `logfile "${n.dir}/atheme-events.log" { error; info; admin; network; };`,
    "",
  ].join("\n");
}
