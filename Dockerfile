# The CinemAI image for docker-compose.yml: the API (`cinemai serve`) and the worker (`cinemai worker`).
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
COPY requirements.lock pyproject.toml README.md alembic.ini ./
RUN pip install --no-cache-dir --extra-index-url https://download.pytorch.org/whl/cpu -r requirements.lock
COPY src ./src
COPY alembic ./alembic
RUN pip install --no-cache-dir --no-deps --no-build-isolation -e .
RUN useradd --system --uid 1000 cinemai
USER cinemai
EXPOSE 8000
CMD ["cinemai", "serve", "--host", "0.0.0.0", "--port", "8000"]
