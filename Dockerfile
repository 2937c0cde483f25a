# Production image: PostgreSQL via TNS_DATABASE_URL, a real TNS_SECRET_KEY, migrations at start.
FROM python:3.11-slim
WORKDIR /srv/tns
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TNS_HOST=0.0.0.0 TNS_PORT=8000
COPY pyproject.toml README.md alembic.ini babel.cfg ./
COPY app ./app
COPY migrations ./migrations
COPY survey_definitions ./survey_definitions
RUN pip install --no-cache-dir . \
 && pybabel compile --use-fuzzy -d app/web/locales -D messages \
 && useradd --system tns
USER tns
EXPOSE 8000
CMD ["sh", "-c", "tns db upgrade && tns serve --workers ${TNS_WORKERS:-2}"]
