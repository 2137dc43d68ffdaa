"""A seeded generator of random but realistic, complete sendmail .mc files.

Where tests/confgen.py stresses daemon options and m4 quoting, this one
covers the breadth of sendmail-cf: random subsets of the stock FEATUREs with
plausible arguments, conf* defines of every shape (numbers, strings with
commas, lists, paths), masquerading, relays and smart hosts, class macros,
milters, queue groups, mailer parameters, MAILER()s of every kind, local
rules and raw sendmail.cf lines, HACKs, and the occasional mistake admins
make (FEATURE after MAILER, no OSTYPE, an unknown feature, a duplicate
MAILER, access_db without -T<TMPF>, MAILER(uucp) before MAILER(smtp)).

Config ``i`` of seed ``s`` depends only on ``(s, i)``: it is drawn from its
own ``random.Random`` seeded with both, and nothing here reads the installed
sendmail-cf, so the texts are the same on every machine.

``GeneratedMc.cf_include`` says how the file includes cf.m4: ``"absolute"``
(``/usr/share/sendmail/cf/m4/cf.m4``) or ``"relative"`` (``../m4/cf.m4``,
meant for m4 run from the sendmail-cf ``cf/`` directory).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal

ABSOLUTE_CF_M4 = "/usr/share/sendmail/cf/m4/cf.m4"
RELATIVE_CF_M4 = "../m4/cf.m4"

CfInclude = Literal["absolute", "relative"]


@dataclass(frozen=True)
class GeneratedMc:
    """One random .mc and an account of what went into it."""

    seed: int
    index: int
    text: str
    cf_include: CfInclude
    tags: tuple[str, ...] = field(default=())
    # Mistakes deliberately put in (cf.m4 reports most of them on stderr).
    mistakes: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        """A stable test id: seed and index."""
        return f"cfgen-{self.seed}-{self.index:04d}"

    @property
    def description(self) -> str:
        """Tags and mistakes in one line, for failure reports."""
        parts = list(self.tags)
        parts += [f"MISTAKE:{m}" for m in self.mistakes]
        return "; ".join(parts)


# -- Vocabulary -------------------------------------------------------------------

# Operating systems people actually build for, Linux-heavy like the world.
_OSTYPES = (
    ("linux", 30),
    ("debian", 12),
    ("freebsd6", 4),
    ("freebsd5", 1),
    ("openbsd", 3),
    ("solaris11", 3),
    ("solaris8", 2),
    ("solaris2", 1),
    ("darwin", 2),
    ("bsd4.4", 2),
    ("aix5", 1),
    ("hpux11", 1),
    ("gnu", 1),
    ("irix6", 1),
    ("unixware7", 1),
    ("dragonfly", 1),
)

_DOMAINS = (
    (None, 60),
    ("generic", 30),
    ("debian-mta", 6),
    ("debian-msp", 1),
)

_HOSTS = (
    "mail.example.com",
    "smtp.example.org",
    "relay.example.net",
    "[10.0.0.25]",
    "[mailhub.corp.example.com]",
    "smtp.sendgrid.net",
    "[email-smtp.us-east-1.amazonaws.com]",
    "smtp.gmail.com",
    "mx1.example.edu",
)
_DOMAIN_NAMES = (
    "example.com",
    "example.org",
    "corp.example.com",
    "mail.example.net",
    "example.edu",
    "sub.example.co.uk",
)
_USERS = ("root", "postmaster", "daemon", "www-data", "nobody", "news", "mailer-daemon")
_DNSBLS = (
    "zen.spamhaus.org",
    "bl.spamcop.net",
    "b.barracudacentral.org",
    "dnsbl.sorbs.net",
    "cbl.abuseat.org",
)
_MAP_TYPES = ("hash", "hash", "hash", "btree", "dbm")


def _map_spec(rng: random.Random, name: str, *, tmpf: bool | None = None) -> str:
    """A map argument like ``hash -o /etc/mail/access`` (tmpf: with -T<TMPF>)."""
    kind = rng.choice(_MAP_TYPES)
    flags = []
    if tmpf:
        flags.append("-T<TMPF>")
    if rng.random() < 0.5:
        flags.append("-o")
    path = f"/etc/mail/{name}"
    if rng.random() < 0.15:
        path += rng.choice((".db", "-map"))
    return " ".join([kind, *flags, path])


# conf* defines: name -> value choices. Values are written inside m4 quotes.
_CONF: dict[str, tuple[str, ...]] = {
    # numbers
    "confMAX_MESSAGE_SIZE": ("10485760", "52428800", "0", "20000000", "104857600"),
    "confMAX_DAEMON_CHILDREN": ("12", "40", "100", "0"),
    "confCONNECTION_RATE_THROTTLE": ("3", "10", "15"),
    "confMAX_RCPTS_PER_MESSAGE": ("100", "50", "1000"),
    "confBAD_RCPT_THROTTLE": ("2", "3", "5"),
    "confQUEUE_LA": ("8", "12", "20"),
    "confREFUSE_LA": ("12", "18", "40"),
    "confDELAY_LA": ("8", "15"),
    "confMIN_FREE_BLOCKS": ("100", "1000", "4000"),
    "confMAX_HOP": ("25", "30", "50"),
    "confLOG_LEVEL": ("9", "10", "14", "20", "0"),
    "confMCI_CACHE_SIZE": ("2", "4", "10"),
    "confMAX_HEADERS_LENGTH": ("32768", "65536"),
    "confMAX_MIME_HEADER_LENGTH": ("256/128", "0/0"),
    "confMAX_QUEUE_RUN_SIZE": ("0", "10000"),
    "confMAX_RUNNERS_PER_QUEUE": ("1", "5"),
    "confMILTER_LOG_LEVEL": ("0", "6", "9"),
    "confMAX_NOOP_COMMANDS": ("20", "50"),
    "confDF_BUFFER_SIZE": ("4096", "16384"),
    # times
    "confTO_CONNECT": ("1m", "30s", "5m"),
    "confTO_ICONNECT": ("15s", "1m"),
    "confTO_INITIAL": ("30s", "5m"),
    "confTO_HELO": ("2m", "5m"),
    "confTO_MAIL": ("2m", "10m"),
    "confTO_RCPT": ("1h", "5m"),
    "confTO_DATAINIT": ("2m", "5m"),
    "confTO_DATABLOCK": ("1h", "10m"),
    "confTO_DATAFINAL": ("1h", "10m"),
    "confTO_COMMAND": ("1h", "5m"),
    "confTO_IDENT": ("0", "5s", "0s"),
    "confTO_QUEUEWARN": ("4h", "1d"),
    "confTO_QUEUERETURN": ("5d", "3d", "1w"),
    "confTO_QUEUERETURN_NORMAL": ("5d",),
    "confTO_QUEUEWARN_NORMAL": ("4h",),
    "confTO_HOSTSTATUS": ("30m", "2m"),
    "confTO_STARTTLS": ("1h", "2m"),
    "confTO_AUTH": ("10m",),
    "confMIN_QUEUE_AGE": ("30m", "15m", "27m"),
    "confMAX_QUEUE_AGE": ("5d", "10d"),
    "confALIAS_WAIT": ("10", "5m"),
    "confMCI_CACHE_TIMEOUT": ("5m", "10m"),
    "confREJECT_LOG_INTERVAL": ("3h",),
    "confCONNECTION_RATE_WINDOW_SIZE": ("60s", "1m"),
    "confDIAL_DELAY": ("10s",),
    # words and modes
    "confDELIVERY_MODE": ("background", "b", "interactive", "queueonly", "deferred", "i"),
    "confEIGHT_BIT_HANDLING": ("pass8", "mimefy", "strict"),
    "confERROR_MODE": ("print", "mail", "quiet"),
    "confQUEUE_SORT_ORDER": ("priority", "host", "time", "filename", "random"),
    "confBIND_OPTS": ("-DNSRCH -DEFNAMES", "WorkAroundBrokenAAAA", "+AAONLY", "-DNSRCH"),
    "confMAILBOX_DATABASE": ("pw",),
    "confDEF_CHAR_SET": ("iso-8859-1", "utf-8", "unknown-8bit"),
    "confNO_RCPT_ACTION": ("add-to-undisclosed", "none"),
    "confSEVEN_BIT_INPUT": ("True", "False"),
    "confSAFE_QUEUE": ("True", "interactive", "postmilter"),
    "confSOFT_BOUNCE": ("True", "False"),
    "confSEPARATE_PROC": ("True", "False"),
    "confUSE_ERRORS_TO": ("True",),
    "confCHECK_ALIASES": ("True", "False"),
    "confDONT_PROBE_INTERFACES": ("True", "False", "loopback"),
    "confHOLD_EXPENSIVE": ("True",),
    "confCON_EXPENSIVE": ("True",),
    "confMATCH_GECOS": ("True", "False"),
    "confALLOW_BOGUS_HELO": ("True",),
    "confDOUBLE_BOUNCE_ADDRESS": ("postmaster", "", "double-bounce@example.com"),
    "confCOPY_ERRORS_TO": ("postmaster", "postmaster,root"),
    "confDEF_USER_ID": ("mailnull", "8:12", "smmsp:smmsp"),
    "confRUN_AS_USER": ("smmsp", "mailnull:mailnull"),
    "confTRUSTED_USER": ("smmsp", "root"),
    "confTRUSTED_USERS": ("smmsp www-data", "apache", "root daemon uucp"),
    "confHELO_NAME": ("mail.example.com", "$j"),
    "confDOMAIN_NAME": ("mail.example.com", "$w.example.org", "localhost.localdomain"),
    # A bare MAILER-DAEMON is a trap: proto.m4 expands MAILER as a macro.
    "confMAILER_NAME": ("Mail Delivery Subsystem", "`MAILER-DAEMON'", "`MAILER-DAEMON'", "MAILER-DAEMON"),
    "confFROM_HEADER": ("$?x$x <$g>$|$g$.",),
    "confTIME_ZONE": ("USE_TZ", "USE_SYSTEM"),
    "confREJECT_NUL": ("True",),
    "confUSE_MSP": ("True",),
    "confDONT_INIT_GROUPS": ("True",),
    "confOLD_STYLE_HEADERS": ("True", "False"),
    "confSINGLE_THREAD_DELIVERY": ("True",),
    "confTLS_FALLBACK_TO_CLEAR": ("True",),
    "confCERT_FINGERPRINT_ALGORITHM": ("sha256", "sha1"),
    "confLDAP_CLUSTER": ("mycluster",),
    "confLDAP_DEFAULT_SPEC": ("-h ldap.example.com -b dc=example,dc=com", "-H ldap://localhost -b o=Example"),
    "confDANE": ("true",),
    # strings with spaces, commas and sendmail macros
    "confSMTP_LOGIN_MSG": (
        "$j Sendmail $v/$Z; $b",
        "$j ESMTP ready, no UCE",
        "$j Mailer ready",
        "$j Sendmail $v/$Z; $b; (No UCE/UBE) $?{client_addr}logging access from: ${client_name}$?{client_name}(${client_name})$. [${client_addr}]$.",
    ),
    "confRECEIVED_HEADER": (
        "$?sfrom $s $.$?_($?s$|from $.$_)\n\t$.$?{auth_type}(authenticated$?{auth_ssf} bits=${auth_ssf}$.)\n\t$.by $j ($v/$Z)$?r with $r$. id $i$?{tls_version}\n\t(version=${tls_version} cipher=${cipher} bits=${cipher_bits} verify=${verify})$.$?u\n\tfor $u; $|;\n\t$.$b",
        "$?sfrom $s $.$?_($?s$|from $.$_) $.by $j ($v/$Z)$?r with $r$. id $i$?u for $u; $|; $.$b",
    ),
    "confPRIVACY_FLAGS": (
        "authwarnings,novrfy,noexpn,restrictqrun",
        "goaway",
        "authwarnings,needmailhelo,noexpn,novrfy,noetrn,nobodyreturn",
        "noexpn,novrfy,noverb",
        "authwarnings,noexpn,novrfy",
    ),
    "confAUTH_MECHANISMS": (
        "EXTERNAL GSSAPI DIGEST-MD5 CRAM-MD5 LOGIN PLAIN",
        "LOGIN PLAIN",
        "PLAIN",
        "CRAM-MD5 DIGEST-MD5",
    ),
    "confAUTH_OPTIONS": ("A p", "A,p", "A p y", "p,y"),
    "confAUTH_REALM": ("example.com",),
    "confAUTH_MAX_BITS": ("56", "256"),
    "confDONT_BLAME_SENDMAIL": (
        "GroupWritableIncludeFile,GroupReadableKeyFile",
        "GroupReadableSASLDBFile",
        "forwardfileinunsafedirpath, forwardfileinunsafedirpathsafe",
        "safe",
    ),
    "confMILTER_MACROS_CONNECT": ("j, _, {daemon_name}, {if_name}, {if_addr}", "j, {daemon_name}"),
    "confMILTER_MACROS_HELO": ("{tls_version}, {cipher}, {cipher_bits}, {cert_subject}, {cert_issuer}",),
    "confMILTER_MACROS_ENVFROM": ("i, {auth_type}, {auth_authen}, {auth_ssf}, {auth_author}, {mail_mailer}, {mail_host}, {mail_addr}",),
    "confMILTER_MACROS_ENVRCPT": ("{rcpt_mailer}, {rcpt_host}, {rcpt_addr}",),
    "confMILTER_MACROS_EOM": ("{msg_id}",),
    "confTLS_SRV_OPTIONS": ("V", "V,C"),
    "confSERVER_SSL_OPTIONS": ("+SSL_OP_NO_SSLv2 +SSL_OP_NO_SSLv3 +SSL_OP_CIPHER_SERVER_PREFERENCE",),
    "confCLIENT_SSL_OPTIONS": ("+SSL_OP_NO_SSLv2 +SSL_OP_NO_SSLv3",),
    "confCIPHER_LIST": ("HIGH:MEDIUM:!aNULL:!eNULL@STRENGTH", "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"),
    "confPROCESS_TITLE_PREFIX": ("mailhub", "edge"),
    "confFORWARD_PATH": ("$z/.forward.$w:$z/.forward", "$z/.forward", "/var/forward/$u"),
    "confMUST_QUOTE_CHARS": (".",),
    "confOPERATORS": (".:%@!^/[]+",),
    # paths
    "confCW_FILE": ("-o /etc/mail/local-host-names", "/etc/mail/sendmail.cw", "/etc/mail/local-host-names"),
    "confCT_FILE": ("-o /etc/mail/trusted-users", "/etc/mail/trusted-users"),
    "confCACERT_PATH": ("/etc/mail/certs", "/etc/pki/tls/certs", "/etc/ssl/certs"),
    "confCACERT": ("/etc/mail/certs/ca-bundle.crt", "/etc/pki/tls/certs/ca-bundle.crt"),
    "confSERVER_CERT": ("/etc/mail/certs/sendmail.pem", "/etc/letsencrypt/live/mail.example.com/fullchain.pem"),
    "confSERVER_KEY": ("/etc/mail/certs/sendmail.pem", "/etc/letsencrypt/live/mail.example.com/privkey.pem"),
    "confCLIENT_CERT": ("/etc/mail/certs/client.pem",),
    "confCLIENT_KEY": ("/etc/mail/certs/client.key",),
    "confCRL": ("/etc/mail/certs/crl.pem",),
    "confDH_PARAMETERS": ("/etc/mail/tls/sendmail-common.prm", "2048", "i"),
    "confRAND_FILE": ("egd:/var/run/egd-pool", "/dev/urandom"),
    "confPID_FILE": ("/var/run/sendmail.pid", "/run/sendmail/mta/sendmail.pid"),
    "confHOST_STATUS_DIRECTORY": (".hoststat", "/var/lib/sendmail/host_status"),
    "confCONTROL_SOCKET_NAME": ("/var/spool/mqueue/.control", "/run/sendmail/mta/smcontrol"),
    "confSAFE_FILE_ENV": ("/", "/var/mail"),
    "confDEAD_LETTER_DROP": ("/var/tmp/dead.letter",),
    "confERROR_MESSAGE": ("/etc/mail/error-header",),
    "confUSERDB_SPEC": ("/etc/mail/userdb.db",),
    "confSERVICE_SWITCH_FILE": ("/etc/mail/service.switch",),
    "confHOSTS_FILE": ("/etc/hosts",),
    "confSHARED_MEMORY_KEY": ("0", "13"),
    "confFALLBACK_MX": ("fallback.example.com",),
    "confFALLBACK_SMARTHOST": ("backup-relay.example.com",),
    "confDIRECT_SUBMISSION_MODIFIERS": ("",),
    "confDEQUOTE_OPTS": ("",),
    "confQUEUE_FILE_MODE": ("0600", "0640"),
    "confTEMP_FILE_MODE": ("0600",),
    # obsolete or deprecated (cf.m4 complains about some of them)
    "confDEF_GROUP_ID": ("mail",),
    "confUNSAFE_GROUP_WRITES": ("True",),
    "confAUTO_REBUILD": ("True",),
    "confREAD_TIMEOUT": ("5m",),
}

# Plain (non-conf) defines that site configs set.
_PLAIN_DEFINES: dict[str, tuple[str, ...]] = {
    "ALIAS_FILE": ("/etc/mail/aliases", "/etc/aliases", "/etc/mail/aliases,/etc/mail/lists"),
    "STATUS_FILE": ("/var/lib/sendmail/sendmail.st", "/var/log/sendmail.st"),
    "QUEUE_DIR": ("/var/spool/mqueue", "/var/spool/mqueue/q*"),
    "HELP_FILE": ("/etc/mail/helpfile", "/usr/share/sendmail/helpfile"),
    "MAIL_SETTINGS_DIR": ("/etc/mail/",),
    "LOCAL_MAILER_PATH": ("/usr/libexec/mail.local", "/usr/lib/sm.bin/mail.local", "/usr/bin/procmail"),
    "LOCAL_MAILER_FLAGS": ("Prmn9", "SPfhn9", "rmn9P", "P"),
    "LOCAL_MAILER_ARGS": ("mail -d $u", "mail.local -l", "procmail -Y -a $h -d $u", "local -d $u"),
    "LOCAL_MAILER_MAX": ("1000000",),
    "LOCAL_MAILER_EOL": ("\\r\\n",),
    "LOCAL_MAILER_DSN_DIAGNOSTIC_CODE": ("SMTP", "X-Unix"),
    "LOCAL_SHELL_PATH": ("/usr/sbin/smrsh", "/bin/sh"),
    "LOCAL_SHELL_FLAGS": ("eu9",),
    "LOCAL_SHELL_ARGS": ("sh -c $u",),
    "SMTP_MAILER_FLAGS": ("e9", "O"),
    "SMTP_MAILER_MAX": ("2000000",),
    "SMTP_MAILER_MAXMSGS": ("50", "100"),
    "SMTP_MAILER_ARGS": ("TCP $h", "TCP $h 2525"),
    "ESMTP_MAILER_ARGS": ("TCP $h", "TCP $h 587"),
    "RELAY_MAILER_ARGS": ("TCP $h 587", "TCP $h 2525", "TCP $h 465", "IPC $h"),
    "RELAY_MAILER_FLAGS": ("e", "O"),
    "SMTP_MAILER_CHARSET": ("iso-8859-1",),
    "PROCMAIL_MAILER_PATH": ("/usr/bin/procmail", "/usr/local/bin/procmail"),
    "PROCMAIL_MAILER_FLAGS": ("Shu", "SPhnu9"),
    "PROCMAIL_MAILER_ARGS": ("procmail -Y -m $h $f $u",),
    "UUCP_MAILER_ARGS": ("uux - -r -a$g -gC $h!rmail ($u)",),
    "UUCP_MAX_SIZE": ("100000",),
    "CYRUSV2_MAILER_ARGS": ("FILE /var/lib/imap/socket/lmtp", "TCP localhost lmtp"),
    "CYRUS_MAILER_PATH": ("/usr/lib/cyrus/deliver",),
    "QUEUE_GROUP_DIR": ("/var/spool/mqueue",),
    "SMTP_MAILER_LL": ("990",),
    "confSMTP_MAILER": ("esmtp", "smtp", "smtp8", "dsmtp"),
    "confRELAY_MAILER": ("relay", "esmtp", "smtp8"),
    "confLOCAL_MAILER": ("local", "cyrus", "cyrusv2"),
    "confUUCP_MAILER": ("uucp-old", "uucp-new", "uucp-dom"),
}


# -- The body, in blocks --------------------------------------------------------------


@dataclass
class _Parts:
    """What a config is assembled from, section by section."""

    header: list[str] = field(default_factory=list)  # before the include of cf.m4
    early: list[str] = field(default_factory=list)  # defines before FEATUREs
    features: list[str] = field(default_factory=list)
    middle: list[str] = field(default_factory=list)  # masquerade, daemons, milters
    mailers: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)  # after MAILER: local rules, raw lines
    tags: list[str] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)


def _end(rng: random.Random) -> str:
    """What ends a macro call line: mostly dnl, sometimes a bare newline."""
    return rng.choices(("dnl\n", "\n", "dnl \n", "\tdnl\n"), weights=(80, 12, 4, 4))[0]


def _q(rng: random.Random, value: str, *, style_weights: tuple[int, int] = (92, 8)) -> str:
    """A quoted argument; now and then unquoted when that is harmless (no comma, no parens)."""
    if "," in value or "(" in value or ")" in value or "#" in value or value == "":
        return f"`{value}'"
    if rng.choices((True, False), weights=style_weights)[0]:
        return f"`{value}'"
    return value


def _header(rng: random.Random, parts: _Parts, host: str) -> None:
    style = rng.choices(("divert-dnl", "dnl-comments", "divert0-comments", "none", "versionid"), weights=(35, 25, 15, 15, 10))[0]
    parts.tags.append(f"header={style}")
    if style == "divert-dnl":
        parts.header.append("divert(-1)dnl\n")
        parts.header.append("#\n# Generated sendmail configuration for " + host + "\n#\n")
        parts.header.append("divert(0)dnl\n")
    elif style == "dnl-comments":
        parts.header.append("dnl # This is the sendmail macro config file for m4. If you make changes to\n")
        parts.header.append("dnl # /etc/mail/sendmail.mc, you will need to regenerate the\n")
        parts.header.append("dnl # /etc/mail/sendmail.cf file by confirming that the sendmail-cf package is\n")
        parts.header.append("dnl #\n")
    elif style == "divert0-comments":
        # Before cf.m4's changecom(), "#" starts an m4 comment that goes to the output.
        parts.header.append("divert(0)dnl\n")
        parts.header.append(f"# sendmail.mc for {host}, built with m4\n")
        parts.header.append("# $" + "Id: sendmail.mc,v 1.2 2024/01/01 admin Exp $\n")
    elif style == "versionid":
        parts.header.append("divert(-1)\n")
        parts.header.append("divert(0)dnl\n")
        parts.header.append(f"VERSIONID(`$Id: {host}.mc,v 1.{rng.randint(1, 40)} 2023/05/0{rng.randint(1, 9)} admin Exp $')dnl\n")


def _conf_defines(rng: random.Random, parts: _Parts) -> None:
    names = sorted(_CONF)
    count = rng.choices((0, 2, 5, 9, 15, 25), weights=(5, 20, 30, 25, 15, 5))[0]
    for name in rng.sample(names, min(count, len(names))):
        value = rng.choice(_CONF[name])
        if name in {"confDEF_GROUP_ID", "confUNSAFE_GROUP_WRITES", "confAUTO_REBUILD", "confREAD_TIMEOUT"}:
            parts.tags.append(f"obsolete {name}")
        style = rng.choices(("quoted", "unquoted-value", "number-bare", "undefine-then"), weights=(85, 6, 6, 3))[0]
        if style == "unquoted-value" and value and not any(c in value for c in ",()#`'$\n"):
            parts.early.append(f"define(`{name}', {value}){_end(rng)}")
        elif style == "number-bare" and value.isdigit():
            parts.early.append(f"define(`{name}',{value}){_end(rng)}")
        elif style == "undefine-then":
            parts.early.append(f"define(`{name}', `{value}'){_end(rng)}")
            parts.early.append(f"undefine(`{name}'){_end(rng)}")
        else:
            parts.early.append(f"define(`{name}', `{value}'){_end(rng)}")
    for name in rng.sample(sorted(_PLAIN_DEFINES), rng.choices((0, 1, 2, 4), weights=(35, 30, 25, 10))[0]):
        parts.early.append(f"define(`{name}', `{rng.choice(_PLAIN_DEFINES[name])}'){_end(rng)}")
    if rng.random() < 0.15:
        relay = rng.choice(("UUCP_RELAY", "BITNET_RELAY", "DECNET_RELAY", "FAX_RELAY", "confBIND_OPTS", "LOCAL_RELAY"))
        parts.early.append(f"undefine(`{relay}'){_end(rng)}")
    if rng.random() < 0.12:
        parts.early.append(f"define(`PROCMAIL_MAILER_PATH', `{rng.choice(('/usr/bin/procmail', '/usr/local/bin/procmail'))}'){_end(rng)}")
    if rng.random() < 0.1:
        parts.early.append("define(`_USE_ETC_MAIL_')dnl\n")
    if rng.random() < 0.08:
        # A site macro reused in several places: admins do this for the domain name.
        dom = rng.choice(_DOMAIN_NAMES)
        parts.early.append(f"define(`MY_DOMAIN', `{dom}')dnl\n")
        parts.early.append(f"define(`confDOMAIN_NAME', `mail.'MY_DOMAIN)dnl\n")
        parts.tags.append("helper macro MY_DOMAIN")
    if rng.random() < 0.06:
        # ifdef on a cf.m4 macro that is (or is not) defined by now.
        name = rng.choice(("_CF_DIR_", "__OSTYPE__", "confLOG_LEVEL", "NEVER_DEFINED", "_FFR_MAIL_MACRO"))
        parts.early.append(
            f"ifdef(`{name}', `define(`confMAX_HOP', `{rng.randint(20, 40)}')', `define(`confMAX_HOP', `17')')dnl\n"
        )
        parts.tags.append(f"ifdef {name}")


# FEATURE name -> generator of its argument lists (each a tuple of m4 args).
def _feature_args(rng: random.Random, name: str) -> tuple[str, ...]:
    r = rng.random()
    if name == "access_db":
        if r < 0.35:
            return ()
        if r < 0.75:
            return (_map_spec(rng, "access", tmpf=True),)
        if r < 0.85:
            return (_map_spec(rng, "access", tmpf=False),)  # cf.m4 warns: missing -T<TMPF>
        if r < 0.92:
            return ("LDAP",)
        return (_map_spec(rng, "access", tmpf=True), rng.choice(("skip", "lookupdotdomain", "relaytofulladdress")))
    if name in {"mailertable", "virtusertable", "genericstable", "domaintable", "authinfo", "bitdomain", "uucpdomain", "bcc"}:
        if r < 0.5:
            return ()
        if name == "bcc":
            return ("access",) if r < 0.7 else (_map_spec(rng, "bcctable"),)
        return (_map_spec(rng, name),)
    if name == "always_add_domain":
        return () if r < 0.8 else (rng.choice(_DOMAIN_NAMES),)
    if name == "bestmx_is_local":
        return () if r < 0.6 else (rng.choice(_DOMAIN_NAMES),)
    if name == "local_procmail":
        if r < 0.6:
            return ()
        if r < 0.85:
            return ("/usr/bin/procmail",)
        return ("/usr/local/bin/procmail", "procmail -t -Y -a $h -d $u", "SPfhn9")
    if name == "local_lmtp":
        if r < 0.5:
            return ()
        return (rng.choice(("/usr/lib/sm.bin/mail.local", "/usr/libexec/mail.local")),) + (("mail.local -l",) if r < 0.8 else ())
    if name == "smrsh":
        return () if r < 0.7 else (rng.choice(("/usr/sbin/smrsh", "/usr/lib/sm.bin/smrsh")),)
    if name in {"nouucp", "nopercenthack"}:
        return (rng.choice(("reject", "nospecial")),)
    if name == "nocanonify":
        return () if r < 0.7 else ("canonify_hosts",)
    if name == "delay_checks":
        return () if r < 0.7 else (rng.choice(("friend", "hater")),)
    if name == "dnsbl":
        host = rng.choice(_DNSBLS)
        if r < 0.5:
            return (host,)
        if r < 0.8:
            return (host, f'"554 Rejected " $&{{client_addr}} " listed at {host}"')
        return (host, "", "t")
    if name == "enhdnsbl":
        host = rng.choice(_DNSBLS)
        if r < 0.4:
            return (host, f'"550 Rejected: " $&{{client_addr}} " listed at {host}"', "t", "127.0.0.2.", "127.0.0.3.")
        if r < 0.7:
            return (host, "", "", "127.0.0.$-")
        return (host, f'"554 Mail from " $&{{client_addr}} " rejected; see http://{host}"', "t", "127.0.0.10.", "127.0.0.11.")
    if name == "rhsbl":
        return (rng.choice(("dbl.spamhaus.org", "rhsbl.sorbs.net")),)
    if name == "greet_pause":
        return () if r < 0.2 else (str(rng.choice((1000, 2000, 5000, 700))),)
    if name in {"ratecontrol", "conncontrol"}:
        if r < 0.5:
            return ()
        if r < 0.75:
            return ("nodelay",)
        if r < 0.9:
            return ("", "terminate")
        return ("nodelay", "terminate")
    if name == "ldap_routing":
        if r < 0.5:
            return ()
        return (
            "ldap -1 -T<TMPF> -v mailHost -k (&(objectClass=inetLocalMailRecipient)(mailLocalAddress=%0))",
            "ldap -1 -T<TMPF> -v mailRoutingAddress -k (&(objectClass=inetLocalMailRecipient)(mailLocalAddress=%0))",
            rng.choice(("bounce", "passthru", "sendertoo")),
            rng.choice(("", "strip", "preserve")),
        )
    if name == "msp":
        return () if r < 0.4 else (rng.choice(("[127.0.0.1]", "[localhost]", "mailhub.example.com")),) + (("MSA",) if r < 0.7 else ())
    if name == "nullclient":
        return (rng.choice(_HOSTS),)
    if name == "relay_mail_from":
        return () if r < 0.5 else ("domain",)
    if name == "queuegroup":
        return () if r < 0.6 else (rng.choice(("slow", "mqueue")),)
    if name == "badmx":
        return ()
    if name == "check_other":
        return ()
    if name == "mtamark":
        return ()
    if name == "sts":
        return () if r < 0.7 else ("socket -d5 -T<TMPF> inet:5461@127.0.0.1",)
    if name == "prefixmod":
        return ("+", "F")
    if name == "domainmap":
        return (rng.choice(_DOMAIN_NAMES), _map_spec(rng, "domainmap"))
    return ()


# Features that need FEATURE(`access_db') before them (otherwise cf.m4 reports an ERROR).
NEEDS_ACCESS_DB = frozenset(
    {
        "blocklist_recipients",
        "blacklist_recipients",
        "compat_check",
        "conncontrol",
        "greet_pause",
        "lookupdotdomain",
        "queuegroup",
        "ratecontrol",
        "relay_mail_from",
        "bcc",
    }
)

# Features worth drawing often, with weights; the rest of the stock set is rare.
_COMMON_FEATURES = (
    ("access_db", 45),
    ("use_cw_file", 45),
    ("use_ct_file", 15),
    ("mailertable", 25),
    ("virtusertable", 25),
    ("genericstable", 12),
    ("redirect", 20),
    ("always_add_domain", 25),
    ("local_procmail", 15),
    ("smrsh", 25),
    ("nouucp", 12),
    ("relay_hosts_only", 8),
    ("masquerade_envelope", 25),
    ("masquerade_entire_domain", 12),
    ("allmasquerade", 12),
    ("limited_masquerade", 5),
    ("local_no_masquerade", 5),
    ("blocklist_recipients", 12),
    ("blacklist_recipients", 3),
    ("delay_checks", 12),
    ("dnsbl", 15),
    ("enhdnsbl", 8),
    ("greet_pause", 8),
    ("ratecontrol", 6),
    ("conncontrol", 6),
    ("block_bad_helo", 6),
    ("authinfo", 8),
    ("no_default_msa", 10),
    ("relay_entire_domain", 5),
    ("relay_based_on_MX", 4),
    ("accept_unresolvable_domains", 6),
    ("accept_unqualified_senders", 4),
    ("virtuser_entire_domain", 4),
    ("generics_entire_domain", 4),
    ("nocanonify", 5),
    ("stickyhost", 3),
    ("notsticky", 2),
    ("preserve_local_plus_detail", 3),
    ("domaintable", 3),
    ("local_lmtp", 4),
    ("lookupdotdomain", 3),
    ("loose_relay_check", 2),
    ("ldap_routing", 3),
    ("use_client_ptr", 2),
    ("require_rdns", 3),
    ("badmx", 2),
    ("compat_check", 2),
    ("bestmx_is_local", 2),
    ("tls_session_features", 2),
    ("check_cert_altnames", 2),
    ("nopercenthack", 2),
    ("queuegroup", 2),
    ("bcc", 1),
    ("rhsbl", 2),
    ("mtamark", 1),
    ("sts", 1),
    ("check_other", 1),
    ("relay_local_from", 2),
    ("relay_mail_from", 1),
    ("promiscuous_relay", 1),
    ("bitdomain", 1),
    ("uucpdomain", 1),
    ("vnet", 1),
    ("drac", 1),
    ("prefixmod", 1),
    ("domainmap", 1),
    ("preserve_luser_host", 1),
)

# Must come before MAILER(local) (cf.m4 complains otherwise).
_BEFORE_LOCAL = frozenset({"local_procmail", "smrsh", "local_lmtp", "always_add_domain", "allmasquerade", "local_no_masquerade"})


def _feature_call(rng: random.Random, name: str, args: tuple[str, ...]) -> str:
    quoted_name = _q(rng, name, style_weights=(90, 10))
    arg_text = "".join(f", `{a}'" for a in args)
    return f"FEATURE({quoted_name}{arg_text}){_end(rng)}"


def _features(rng: random.Random, parts: _Parts) -> set[str]:
    names = [n for n, _ in _COMMON_FEATURES]
    weights = [w for _, w in _COMMON_FEATURES]
    target = rng.choices((0, 2, 4, 7, 11, 16), weights=(5, 20, 30, 25, 15, 5))[0]
    chosen: list[str] = []
    while len(chosen) < target:
        name = rng.choices(names, weights=weights)[0]
        if name not in chosen:
            chosen.append(name)
    if any(n in NEEDS_ACCESS_DB for n in chosen) and "access_db" not in chosen and rng.random() < 0.9:
        chosen.insert(0, "access_db")
    if "access_db" in chosen and rng.random() < 0.85:
        # Most people put access_db first; the order matters to greet_pause & co.
        chosen.remove("access_db")
        chosen.insert(0, "access_db")
    args_of = {name: _feature_args(rng, name) for name in chosen}
    # `nodelay' needs delay_checks, whose arguments need access_db: mostly there.
    if any("nodelay" in args_of[n] for n in ("ratecontrol", "conncontrol") if n in args_of):
        if "delay_checks" not in chosen and rng.random() < 0.9:
            first = min(chosen.index(n) for n in ("ratecontrol", "conncontrol") if n in chosen)
            chosen.insert(first, "delay_checks")
            args_of["delay_checks"] = _feature_args(rng, "delay_checks")
    if args_of.get("delay_checks") and "access_db" not in chosen and rng.random() < 0.9:
        chosen.insert(0, "access_db")
        args_of["access_db"] = _feature_args(rng, "access_db")
    if rng.random() < 0.02:
        name = rng.choice(("no_such_feature", "spamassassin", "access-db", "virtusertables"))
        chosen.append(name)
        args_of[name] = ()
        parts.mistakes.append(f"unknown feature {name}")
    for name in chosen:
        args = args_of[name]
        if name == "access_db" and args and args[0] not in ("LDAP",) and "-T<TMPF>" not in args[0]:
            parts.mistakes.append("access_db without -T<TMPF>")
        if name in NEEDS_ACCESS_DB and "access_db" not in chosen:
            parts.mistakes.append(f"{name} without access_db")
        if name == "preserve_luser_host" and rng.random() < 0.7:
            parts.features.append(f"define(`LUSER_RELAY', `local:{rng.choice(_USERS)}'){_end(rng)}")
        parts.features.append(_feature_call(rng, name, args))
    parts.tags.append("features=" + ",".join(chosen) if chosen else "no features")
    return set(chosen)


def _site(rng: random.Random, parts: _Parts, features: set[str]) -> None:
    if rng.random() < 0.35:
        dom = rng.choice(_DOMAIN_NAMES)
        parts.middle.append(f"MASQUERADE_AS({_q(rng, dom)}){_end(rng)}")
        parts.tags.append("MASQUERADE_AS")
        for _ in range(rng.choice((0, 1, 1, 2))):
            parts.middle.append(f"MASQUERADE_DOMAIN({_q(rng, rng.choice(_DOMAIN_NAMES))}){_end(rng)}")
        if rng.random() < 0.2:
            parts.middle.append(f"MASQUERADE_DOMAIN_FILE(`/etc/mail/masquerade-domains'){_end(rng)}")
        if rng.random() < 0.2:
            parts.middle.append(f"MASQUERADE_EXCEPTION(`{rng.choice(('internal.example.com', 'localhost'))}'){_end(rng)}")
        for user in rng.sample(_USERS, rng.choice((0, 0, 1, 2))):
            parts.middle.append(f"EXPOSED_USER(`{user}'){_end(rng)}")
        if rng.random() < 0.1:
            parts.middle.append(f"EXPOSED_USER_FILE(`/etc/mail/exposed-users'){_end(rng)}")
    if rng.random() < 0.3:
        host = rng.choice(_HOSTS)
        style = rng.choices(("define", "define-unquoted-name", "macro"), weights=(70, 10, 20))[0]
        if style == "define":
            parts.middle.append(f"define(`SMART_HOST', `{host}'){_end(rng)}")
        elif style == "define-unquoted-name":
            parts.middle.append(f"define(SMART_HOST, {host}){_end(rng)}")
        else:
            parts.middle.append(f"define(`SMART_HOST', `{rng.choice(('esmtp', 'relay', 'smtp8'))}:{host}'){_end(rng)}")
        parts.tags.append(f"SMART_HOST:{style}")
        if rng.random() < 0.4:
            parts.middle.append(f"define(`RELAY_MAILER_ARGS', `TCP $h {rng.choice(('587', '2525', '465'))}'){_end(rng)}")
            parts.middle.append(f"define(`ESMTP_MAILER_ARGS', `TCP $h {rng.choice(('587', '2525'))}'){_end(rng)}")
    if rng.random() < 0.12:
        parts.middle.append(f"define(`MAIL_HUB', `{rng.choice(_HOSTS)}.'){_end(rng)}")
    if rng.random() < 0.1:
        parts.middle.append(f"define(`LOCAL_RELAY', `{rng.choice(_HOSTS)}'){_end(rng)}")
    if rng.random() < 0.08 and "preserve_luser_host" not in features:
        parts.middle.append(f"define(`LUSER_RELAY', `{rng.choice(('local:postmaster', 'error:5.1.1:550 User unknown', 'smtp:' + rng.choice(_HOSTS)))}'){_end(rng)}")
    for macro, values in (
        ("LOCAL_USER", _USERS),
        ("LOCAL_DOMAIN", ("localhost.localdomain", "localhost", "$w.example.com")),
        ("RELAY_DOMAIN", _DOMAIN_NAMES + ("192.168.1", "10.0")),
        ("GENERICS_DOMAIN", _DOMAIN_NAMES),
        ("VIRTUSER_DOMAIN", _DOMAIN_NAMES),
        ("CANONIFY_DOMAIN", _DOMAIN_NAMES),
        ("TRUST_AUTH_MECH", ("EXTERNAL DIGEST-MD5 CRAM-MD5 LOGIN PLAIN", "LOGIN PLAIN")),
        ("LDAPROUTE_DOMAIN", _DOMAIN_NAMES),
    ):
        if rng.random() < 0.07:
            parts.middle.append(f"{macro}(`{rng.choice(values)}'){_end(rng)}")
    for macro, path in (
        ("RELAY_DOMAIN_FILE", "/etc/mail/relay-domains"),
        ("GENERICS_DOMAIN_FILE", "/etc/mail/generics-domains"),
        ("VIRTUSER_DOMAIN_FILE", "-o /etc/mail/virtuser-domains"),
        ("LOCAL_USER_FILE", "/etc/mail/local-users"),
        ("CANONIFY_DOMAIN_FILE", "/etc/mail/canonify-domains"),
    ):
        if rng.random() < 0.04:
            parts.middle.append(f"{macro}(`{path}'){_end(rng)}")
    if rng.random() < 0.04:
        parts.middle.append(f"SITECONFIG(`uucp.ucbvax', `ucbvax', `U'){_end(rng)}")
        parts.tags.append("SITECONFIG")
    if rng.random() < 0.05:
        parts.middle.append(f"MODIFY_MAILER_FLAGS(`{rng.choice(('LOCAL', 'SMTP', 'ESMTP', 'RELAY'))}', `{rng.choice(('+m', '-h', '+S', 'Ee9'))}'){_end(rng)}")
    if rng.random() < 0.05:
        # A HACK that needs nothing else (before MAILER: nodns calls FEATURE).
        hack = rng.choice(("cssubdomain", "nodns"))
        parts.middle.append(f"HACK(`{hack}'){_end(rng)}")
        parts.tags.append(f"HACK {hack}")
    if rng.random() < 0.05:
        parts.middle.append(f"QUEUE_GROUP(`slow', `P=/var/spool/mqueue/slow, F=f, r=2, R=2'){_end(rng)}")
        if rng.random() < 0.5:
            parts.middle.append(f"QUEUE_GROUP(`fast', `P=/var/spool/mqueue/fast, I=2m'){_end(rng)}")


_DAEMON = (
    "Port=smtp,Addr=127.0.0.1, Name=MTA",
    "Port=smtp, Name=MTA",
    "Port=submission, Name=MSA, M=Ea",
    "Port=587, Name=MSA, M=E",
    "Port=smtps, Name=TLSMTA, M=s",
    "Family=inet6, Name=MTA6, M=O, Addr=::",
    "Family=inet, Name=MTA-v4, Port=smtp",
    "Port=2525, Addr=0.0.0.0, Name=ALT",
    "Name=MTA, Addr=192.0.2.10, Port=25, M=h",
    "Port=smtp, Addr=::1, Name=MTA-v6, Family=inet6",
)
_CLIENT = ("Family=inet", "Family=inet6", "Family=inet, Addr=192.0.2.10", "Port=25, Family=inet, M=h")
_MILTERS = (
    ("opendkim", "S=inet:8891@localhost"),
    ("opendmarc", "S=inet:8893@localhost"),
    ("clamav", "S=local:/var/run/clamav/clamav-milter.ctl, F=, T=S:4m;R:4m"),
    ("spamass", "S=unix:/var/run/spamass.sock, F=, T=C:15m;S:4m;R:4m;E:10m"),
    ("greylist", "S=local:/var/run/milter-greylist/milter-greylist.sock"),
    ("rspamd", "S=inet:11332@localhost, F=T, T=S:1m;R:1m;E:5m"),
    ("mimedefang", "S=unix:/var/spool/MIMEDefang/mimedefang.sock, F=T, T=C:15m;S:4m;R:4m;E:10m"),
)


def _daemons(rng: random.Random, parts: _Parts) -> None:
    for value in rng.sample(_DAEMON, rng.choices((0, 1, 2, 3), weights=(40, 30, 22, 8))[0]):
        parts.middle.append(f"DAEMON_OPTIONS(`{value}'){_end(rng)}")
        parts.tags.append("DAEMON_OPTIONS")
    if rng.random() < 0.2:
        parts.middle.append(f"CLIENT_OPTIONS(`{rng.choice(_CLIENT)}'){_end(rng)}")
    milters = rng.sample(_MILTERS, rng.choices((0, 1, 2, 3), weights=(55, 25, 15, 5))[0])
    for name, spec in milters:
        macro = rng.choices(("INPUT_MAIL_FILTER", "MAIL_FILTER"), weights=(85, 15))[0]
        parts.middle.append(f"{macro}(`{name}', `{spec}'){_end(rng)}")
        parts.tags.append(macro)
    if milters and rng.random() < 0.3:
        parts.middle.append(f"define(`confINPUT_MAIL_FILTERS', `{', '.join(n for n, _ in milters)}'){_end(rng)}")


_LOCAL_CONFIG_LINES = (
    "Kmymap hash -o /etc/mail/mymap",
    "CPlocalhost.localdomain",
    "Cw localhost.localdomain mail.example.com",
    "Fw-o /etc/mail/extra-local-hosts",
    "O MaxMessageSize=20000000",
    "Kbadusers hash -o /etc/mail/badusers",
    "Kcheckaddress regex -a@MATCH ^[a-z]+@example\\.com$",
    "D{MyVar}something",
    "# a comment in LOCAL_CONFIG",
    "H?${MyHeader}?X-Mailer-Info: ${MyVar}",
)
_RULESET_BODIES = (
    "SLocal_check_mail\nR$*\t\t$: $1\n",
    "SLocal_check_rcpt\nR$* < @ $=w . > $*\t$: $1 < @ $2 . > $3\nR$*\t\t$@ $1\n",
    "SLocal_check_relay\nR$*\t$| $*\t\t$: $1\n",
    "Scheck_header\nR$*\t\t$: $(badusers $1 $)\n",
    "SLocal_trust_auth\nR$*\t\t$: $&{auth_type}\nR$+\t\t$# OK\n",
    "Stry_tls\nR$*\t\t$@ $1\n",
)
_RULE_LINES = (
    "R$* < @ $=w . > $*\t$#local $: $1",
    "R$+ < @ example.com. >\t$#esmtp $@ mailhub.example.com $: $1 < @ example.com. >",
    "R$* < @ $* .$m. > $*\t$#esmtp $@ $2.$m $: $1 < @ $2.$m. > $3",
    "R$*\t\t\t$: $1",
    "R< $+ > $*\t\t$: $1 $2",
)


def _mailers(rng: random.Random, parts: _Parts, features: set[str]) -> list[str]:
    """Pick the MAILER()s in the order they are written; local and smtp almost always."""
    if "msp" in features or "nullclient" in features:
        # These features include MAILER(local) and MAILER(smtp) themselves.
        return []
    mailers = []
    if rng.random() < 0.97:
        mailers.append("local")
    if rng.random() < 0.95:
        mailers.append("smtp")
    extras = (("procmail", 25), ("uucp", 5), ("cyrusv2", 4), ("cyrus", 2), ("fax", 2), ("usenet", 2),
              ("pop", 2), ("qpage", 1), ("phquery", 1), ("mail11", 1), ("xagent", 1), ("ssh", 1))
    for name, weight in extras:
        if rng.random() < weight / 100:
            mailers.append(name)
    if "local_procmail" in features and "procmail" not in mailers and rng.random() < 0.7:
        mailers.append("procmail")
    if "uucp" in mailers and rng.random() < 0.3:
        # MAILER(uucp) before MAILER(smtp): cf.m4 complains.
        mailers.remove("uucp")
        mailers.insert(0, "uucp")
        parts.mistakes.append("uucp before smtp")
    if mailers and rng.random() < 0.015:
        mailers.append(rng.choice(mailers))
        parts.mistakes.append(f"duplicate MAILER({mailers[-1]})")
    if "ssh" in mailers and rng.random() < 0.7:
        parts.early.append("define(`SSH_MAILER_USER', `mailer')dnl\ndefine(`SSH_MAILER_DIR', `/var/spool/ssh')dnl\n")
    return mailers


def _late(rng: random.Random, parts: _Parts) -> None:
    if rng.random() < 0.25:
        lines = rng.sample(_LOCAL_CONFIG_LINES, rng.randint(1, 3))
        parts.late.append("LOCAL_CONFIG\n" + "".join(f"{line}\n" for line in lines))
        parts.tags.append("LOCAL_CONFIG")
    if rng.random() < 0.12:
        which = rng.choice(("LOCAL_RULE_0", "LOCAL_RULE_3", "LOCAL_RULE_1", "LOCAL_RULE_2"))
        parts.late.append(f"{which}\n" + "".join(f"{line}\n" for line in rng.sample(_RULE_LINES, rng.randint(1, 2))))
        parts.tags.append(which)
    if rng.random() < 0.15:
        parts.late.append("LOCAL_RULESETS\n" + "".join(rng.sample(_RULESET_BODIES, rng.randint(1, 2))))
        parts.tags.append("LOCAL_RULESETS")
    if rng.random() < 0.06:
        parts.late.append("LOCAL_NET_CONFIG\n" + f"{_RULE_LINES[2]}\n")
        parts.tags.append("LOCAL_NET_CONFIG")
    if rng.random() < 0.05:
        which = rng.choice(("LOCAL_SRV_FEATURES", "LOCAL_CLT_FEATURES", "LOCAL_TRY_TLS", "LOCAL_TLS_RCPT"))
        parts.late.append(f"{which}\nR$*\t\t$: $1\n")
        parts.tags.append(which)
    if rng.random() < 0.04:
        parts.late.append("MAILER_DEFINITIONS\nMmyfilter, P=/usr/local/bin/myfilter, F=DFMlsu, S=EnvFromL, R=EnvToL, A=myfilter $u\n")
        parts.tags.append("MAILER_DEFINITIONS")
    if rng.random() < 0.05:
        parts.late.append("LOCAL_DNSBL\n# extra DNSBL rules\nR$*\t\t$: $1\n")
    if rng.random() < 0.06:
        # A raw line outside LOCAL_CONFIG (cf.m4's last divert decides where it lands).
        parts.late.append(rng.choice(("O DeliveryMode=queueonly\n", "Cw mail.example.com\n", "# trailing comment\n")))
        parts.tags.append("raw line at end")


def generate_one(seed: int, index: int) -> GeneratedMc:
    """Config number ``index`` of ``seed``: the same on every run and machine."""
    rng = random.Random(f"mcparse-cfgen:{seed}:{index}")
    parts = _Parts()
    host = rng.choice(("mail", "mx1", "smtp", "relay", "gw", "edge")) + "." + rng.choice(_DOMAIN_NAMES)
    _header(rng, parts, host)
    cf_include: CfInclude = "relative" if rng.random() < 0.15 else "absolute"
    include_path = RELATIVE_CF_M4 if cf_include == "relative" else ABSOLUTE_CF_M4
    include_line = rng.choices(
        (f"include(`{include_path}')dnl\n", f"include(`{include_path}')\n", f"include({include_path})dnl\n"),
        weights=(85, 10, 5),
    )[0]
    parts.tags.append(f"include={cf_include}")

    ostype_roll = rng.random()
    ostype_lines: list[str] = []
    if ostype_roll < 0.015:
        parts.mistakes.append("no OSTYPE")
    elif ostype_roll < 0.025:
        ostype_lines.append(f"OSTYPE(`unknown'){_end(rng)}")
        parts.mistakes.append("OSTYPE(unknown)")
    else:
        ostype = rng.choices([o for o, _ in _OSTYPES], weights=[w for _, w in _OSTYPES])[0]
        ostype_lines.append(f"OSTYPE({_q(rng, ostype)}){_end(rng)}")
        parts.tags.append(f"OSTYPE={ostype}")
    domain = rng.choices([d for d, _ in _DOMAINS], weights=[w for _, w in _DOMAINS])[0]
    if domain:
        ostype_lines.append(f"DOMAIN({_q(rng, domain)}){_end(rng)}")
        parts.tags.append(f"DOMAIN={domain}")

    _conf_defines(rng, parts)
    features = _features(rng, parts)
    _site(rng, parts, features)
    _daemons(rng, parts)
    mailer_names = _mailers(rng, parts, features)
    for name in mailer_names:
        parts.mailers.append(f"MAILER({_q(rng, name)}){_end(rng)}")
    parts.tags.append("MAILER=" + ",".join(mailer_names))
    _late(rng, parts)

    # Mistake: a FEATURE (or one that must precede MAILER(local)) after the mailers.
    late_features: list[str] = []
    if mailer_names and rng.random() < 0.03:
        name = rng.choice(("virtusertable", "mailertable", "use_cw_file", "smrsh", "local_procmail", "always_add_domain", "access_db"))
        late_features.append(_feature_call(rng, name, ()))
        parts.mistakes.append(f"FEATURE({name}) after MAILER")

    # Middle blocks and defines may come in any order among themselves.
    rng.shuffle(parts.middle)
    mixed = parts.early + parts.features
    if rng.random() < 0.3:
        # Some people interleave defines and features.
        rng.shuffle(mixed)
        # ...but keep access_db before the features that need it.
        if any("FEATURE(`access_db'" in b or "FEATURE(access_db" in b for b in mixed):
            idx = next(i for i, b in enumerate(mixed) if "access_db" in b and b.startswith("FEATURE"))
            mixed.insert(0, mixed.pop(idx))
        # ... and SSH mailer defines are harmless anywhere before MAILER.
    body = "".join(parts.header) + include_line + "".join(ostype_lines) + "".join(mixed) + "".join(parts.middle)
    body += "".join(parts.mailers) + "".join(late_features) + "".join(parts.late)
    if rng.random() < 0.03:
        body = body.rstrip("\n")  # no newline at end of file
        parts.tags.append("no final newline")
    return GeneratedMc(
        seed=seed,
        index=index,
        text=body,
        cf_include=cf_include,
        tags=tuple(parts.tags),
        mistakes=tuple(dict.fromkeys(parts.mistakes)),
    )


def generate(seed: int, count: int) -> list[GeneratedMc]:
    """``count`` configs of ``seed``; the same arguments always give the same texts."""
    return [generate_one(seed, i) for i in range(count)]


if __name__ == "__main__":  # pragma: no cover - manual inspection aid
    import sys

    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    start = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    for i in range(start, start + 3):
        config = generate_one(seed, i)
        print(f"==== {config.name}: {config.description}\n{config.text}")
