"""custnote's fsmonitor for git on Linux (docs/scale.md, "An fsmonitor for git").

git asks a hook which files changed since a token instead of ``lstat``-ing every tracked file
(``core.fsmonitor``, hook protocol version 2). git's own fsmonitor daemon does not exist on
Linux, so custnote brings one: :mod:`.watcher` watches the work tree through inotify and keeps
the changed paths, :mod:`.hook` is the small program git runs, which asks the watcher over a
unix socket in ``.git/custnote/`` (and starts it when none answers), :mod:`.setup` turns it on
and off in a clone's ``.git/config``. git stays the judge of what changed: any doubt in the
watcher answers "trust nothing" and git does its full scan.

watcher.py and hook.py use the standard library only and import nothing from custnote: git
starts the hook with ``python -S -I`` (no site-packages, a few ms) and the hook starts the
watcher the same way.
"""
