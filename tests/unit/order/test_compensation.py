"""The saga's undo steps: newest first, only on failure, each once, one failing step never
stopping the others."""

from __future__ import annotations

import pytest

from api.order.service.compensation import Compensation


def _recorder(done: list[str], name: str, *, fails: bool = False):  # type: ignore[no-untyped-def]
    async def undo() -> None:
        done.append(name)
        if fails:
            raise RuntimeError(f"{name} could not be undone")

    return undo


async def test_a_failure_runs_the_steps_newest_first_then_re_raises() -> None:
    done: list[str] = []
    undo = Compensation()
    undo.add("forget the claim", _recorder(done, "claim"))
    with pytest.raises(ValueError, match="payment"):
        async with undo.on_failure():
            undo.add("release the reservation", _recorder(done, "reservation", fails=True))
            undo.add("void the wallet hold", _recorder(done, "hold"))
            raise ValueError("payment refused")
    assert done == ["hold", "reservation", "claim"]  # the failing step did not stop the rest
    await undo.run()
    assert done == ["hold", "reservation", "claim"]  # each step at most once


async def test_success_undoes_nothing() -> None:
    done: list[str] = []
    undo = Compensation()
    undo.add("release the reservation", _recorder(done, "reservation"))
    async with undo.on_failure():
        pass
    assert done == []


async def test_a_discarded_step_is_not_run_the_others_are() -> None:
    done: list[str] = []
    undo = Compensation()
    undo.add("forget the claim", _recorder(done, "claim"))
    undo.add("release the reservation", _recorder(done, "reservation"))
    with pytest.raises(LookupError):
        async with undo.on_failure():
            # a refused reservation of a new checkout holds nothing: nothing to release
            undo.discard("release the reservation")
            raise LookupError("out of stock")
    assert done == ["claim"]
