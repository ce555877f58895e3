"""The workflows that write: reviewing claims, linking evidence, the source
library, captures of web sources and import batches, one module each.

They are the only code that writes claims, evidence, notes, batches and
history. The review panel, the admin, tasks and commands parse their input
and call these functions, so a rule holds whichever face a change comes
through, and each accepted change is written once to the claim's history.
"""
