"""`mockloop doctor [--json]`: is this machine ready for a session, and if not, what to do."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from mockloop.cli.context import Environment
from mockloop.services.doctor import Check, Probe, format_line, passed, report_json, run_probe, summary


def add_parser(sub: Any) -> None:
    dc = sub.add_parser(
        "doctor",
        help="check this machine: sound, voice, speech model, data folder, browser",
        description="Check what a practice session needs, one line per check, each failure with what to do: "
        "the sound server, a microphone (16 kHz capture), a speaker, the interviewer's voice (espeak-ng), "
        "the speech model (it must hear a bundled one-second clip), the data folder (writable, with room) "
        "and a browser for --open (a warning only). Exits 0 when every required check passes, 1 otherwise.",
    )
    dc.add_argument("--json", action="store_true", help='print {"checks": [{name, ok, detail, fix, required}, …]}')
    dc.add_argument("--device", metavar="DEV", help="check this microphone instead of the default (as practice takes it)")
    dc.add_argument("--output-device", metavar="DEV", help="check this speaker instead of the default")
    dc.add_argument("--model", metavar="PATH", help="check this CTranslate2 Whisper model folder instead of the bundled one")


def doctor(args: argparse.Namespace, env: Environment) -> int:
    from mockloop.services.doctor_checks import probes

    return report(probes(env, args.device, args.output_device, args.model), env, as_json=args.json)


def report(todo: Sequence[Probe], env: Environment, as_json: bool = False) -> int:
    """Run the probes in order and print the report: 0 when every required check passed, else 1.

    As text, each line is printed as its check ends (the model takes a moment);
    as JSON, one document at the end.
    """
    width = max((len(p.name) for p in todo), default=0)
    checks: list[Check] = []
    for probe in todo:
        check = run_probe(probe)
        checks.append(check)
        if not as_json:
            print(format_line(check, width), file=env.stdout, flush=True)
    if as_json:
        json.dump(report_json(checks), env.stdout, indent=2)
        env.stdout.write("\n")
    else:
        print(summary(checks), file=env.stdout)
    return 0 if passed(checks) else 1
