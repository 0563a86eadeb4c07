"""Command line: ``python -m mailtrap_emulator --port 0``.

Prints exactly one line, ``mailtrap-emulator listening on <base URL>``, once it accepts
connections, so that scripts can wait for it and read the port.
"""

import argparse
import os
import signal
import sys

from . import __version__

from .ratelimit import PLAN_LIMITS
from .seeds import BUILTIN
from .server import DIALECTS, Emulator
from .validation import ValidationFailed


def parse_args(argv):
    # Installed, it runs as the ``mailtrap-emulator`` command; from a checkout as ``python -m``.
    prog = "mailtrap-emulator" if os.path.basename(sys.argv[0]).startswith("mailtrap-emulator") \
        else "python -m mailtrap_emulator"
    parser = argparse.ArgumentParser(prog=prog, description="Mailtrap API emulator (overview and live dialects)")
    parser.add_argument("--version", action="version", version="%(prog)s " + __version__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025, help="0 picks a free port")
    parser.add_argument("--token", default="emulator-owner-token",
                        help="value of the owner's API token")
    parser.add_argument("--account-id", type=int, default=1001)
    parser.add_argument("--plan", choices=sorted(PLAN_LIMITS), default="business")
    parser.add_argument("--state", metavar="FILE",
                        help="load state from FILE if it exists; save after every change")
    parser.add_argument("--seed", metavar="FILE|NAME",
                        help="JSON fixture for the initial state, or a built-in one: %s" % ", ".join(sorted(BUILTIN)))
    parser.add_argument("--dialect", choices=DIALECTS, default="overview",
                        help="overview: the General API overview (default); live: the API of "
                             "Mailtrap's published OpenAPI specs")
    parser.add_argument("--no-rate-limit", action="store_true")
    parser.add_argument("--tls-cert", metavar="FILE")
    parser.add_argument("--tls-key", metavar="FILE")
    parser.add_argument("--quiet", action="store_true", help="no diagnostics on stderr")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        emulator = Emulator(host=args.host, port=args.port, token=args.token,
                            account_id=args.account_id, plan=args.plan, state_file=args.state,
                            seed=args.seed, rate_limit=not args.no_rate_limit,
                            tls_cert=args.tls_cert, tls_key=args.tls_key,
                            quiet=args.quiet, verbose=args.verbose, dialect=args.dialect).bind()
    except ValidationFailed as failure:
        sys.stderr.write("mailtrap-emulator: bad fixture: %s\n" % (failure.errors,))
        return 2
    except (OSError, ValueError) as error:
        sys.stderr.write("mailtrap-emulator: %s\n" % error)
        return 1
    # SIGTERM (CI runners, `kill`) should end the process as cleanly as Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sys.stdout.write("mailtrap-emulator listening on %s\n" % emulator.url)
    sys.stdout.flush()
    try:
        emulator.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        emulator.httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
