"""``berkut serve``: the REST API and the dashboard in one server (uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: Annotated[
            str, typer.Option(help="Interface to listen on (0.0.0.0 for every one).")
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
        database: Annotated[
            str | None,
            typer.Option("--database", "-d", help="SQLAlchemy URL (default: setting database_url)."),
        ] = None,
        workers: Annotated[
            int, typer.Option(help="Worker threads for requests (uvicorn runs one process).")
        ] = 40,
        log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    ) -> None:
        """Serve the JSON API (/api/v1, docs at /api/docs) and the web dashboard (/)."""
        import anyio.to_thread
        import uvicorn

        from berkut.interfaces.api import create_app
        from berkut.settings import load_settings

        settings = load_settings({"database_url": database})
        application = create_app(settings)

        async def widen_threadpool() -> None:
            # sync routes run in anyio's thread pool; its size caps how many requests run at once
            anyio.to_thread.current_default_thread_limiter().total_tokens = workers

        application.router.on_startup.append(widen_threadpool)
        reads = "token required" if settings.read_token else "open"
        writes = "token required" if settings.api_token else "disabled (set api_token)"
        typer.echo(
            f"berkut: serving {settings.store_url} on http://{host}:{port}/ (reads {reads}, writes {writes})"
        )
        uvicorn.run(application, host=host, port=port, log_level=log_level)
