"""A local stand-in for Mailtrap's General API, for tests, demos, benchmarks and CI.

Standard library only. Start it with ``python -m mailtrap_emulator`` or in-process::

    from mailtrap_emulator import Emulator
    emu = Emulator(port=0).start()
    ...  # talk to emu.url with the token "emulator-owner-token"
    emu.stop()
"""

from .server import Emulator

# The collection's version (galaxy.yml); tests/unit/emulator/test_tool.py fails when they differ.
__version__ = "1.0.0"

__all__ = ["Emulator", "__version__"]
