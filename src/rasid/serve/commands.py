"""``rasid serve`` (the dashboard and API) and ``rasid token`` (reviewers' tokens)."""

from __future__ import annotations

from pathlib import Path

import click

from rasid.store.commands import _store, clear_errors, db_option


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 opens it to the network.")  # fmt: skip
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--read-only", "readonly", is_flag=True,
              help="Refuse every write, even with a valid token.")  # fmt: skip
@clear_errors
def serve(db, host, port, readonly) -> None:
    """Serve the dashboard and its REST API over the store (OpenAPI at /docs).

    Anyone who can reach it can read; reviewers write with a token from
    `rasid token create NAME` (header `Authorization: Bearer TOKEN`).  Binds to
    127.0.0.1 unless --host says otherwise.
    """
    import uvicorn

    from .app import create_app

    app = create_app(db, readonly=readonly)
    where = f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}/"
    click.echo(f"Rasid on {where} (store {app.state.store.display_url}"
               f"{', read-only' if app.state.readonly else ''}); Ctrl-C stops it", err=True)  # fmt: skip
    uvicorn.run(app, host=host, port=port, log_level="warning")


@click.group()
def token() -> None:
    """Create or revoke reviewers' tokens (stored hashed in the store)."""


@token.command("create")
@click.argument("name")
@db_option
@clear_errors
def token_create(name, db) -> None:
    """Create a token for reviewer NAME and print it (it is shown only once)."""
    from rasid.store.review import create_token

    with _store(db, readonly=False) as store:
        secret = create_token(store, name)
    click.echo(secret)
    click.echo(f"token for {name} created; keep it: only its hash is stored", err=True)


@token.command("revoke")
@click.argument("name")
@db_option
@clear_errors
def token_revoke(name, db) -> None:
    """Revoke every token of reviewer NAME."""
    from rasid.store.review import revoke_tokens

    with _store(db, readonly=False) as store:
        n = revoke_tokens(store, name)
    click.echo(f"{n} token(s) of {name} revoked")


@click.group()
def basemap() -> None:
    """Boundaries drawn under the dashboard's map and the reports' maps."""


@basemap.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@clear_errors
def basemap_import(path: Path) -> None:
    """Use the polygons of a GeoJSON file (admin1 outlines, say) besides Natural Earth's
    countries; it replaces the file imported before."""
    from rasid.geo.boundaries import import_basemap

    kept = import_basemap(path)
    click.echo(f"basemap kept at {kept}; rasid serve and rasid report draw it")


@basemap.command("reset")
def basemap_reset() -> None:
    """Forget the imported boundaries (Natural Earth's countries stay)."""
    from rasid.geo.boundaries import user_basemap

    found = user_basemap()
    if found:
        found.unlink()
    click.echo("imported basemap removed" if found else "no imported basemap")


def register(group: click.Group) -> None:
    group.add_command(serve)
    group.add_command(token)
    group.add_command(basemap)
