"""The .mc texts the probe tests share: the seed and each incomplete step."""

from __future__ import annotations

from probe_live import HEADER

# The seed: plain SMTP on 25 with AUTH refused, AUTH-only submission on 587
# without ETRN. Written with the real ports; the live harness remaps them.
SEED_BODY = """OSTYPE(`linux')dnl
define(`confAUTH_MECHANISMS', `PLAIN LOGIN')dnl
TRUST_AUTH_MECH(`PLAIN LOGIN')dnl
FEATURE(`no_default_msa')dnl
DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl
DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl
MAILER(`local')dnl
MAILER(`smtp')dnl
"""
SEED_MC = HEADER + SEED_BODY

# Each incomplete step on the way to the seed, as the issue lists them.
VARIANTS = {
    "seed": SEED_MC,
    "no-A-on-25": SEED_MC.replace("Name=MTA, M=A'", "Name=MTA'"),
    "no-a-on-587": SEED_MC.replace("M=Ea'", "M=E'"),
    "no-E-on-587": SEED_MC.replace("M=Ea'", "M=a'"),
    "no-no_default_msa": SEED_MC.replace("FEATURE(`no_default_msa')dnl\n", ""),
}
