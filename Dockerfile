# A Jupyter single-user image with the Cascade TypeScript kernel ("cascade-ts"), for Zero to
# JupyterHub (`singleuser.image`) and as the kernel image of Jupyter Enterprise Gateway: its
# kernel pods run `cascade kernel launch-remote` (the launcher), and the gateway's kernelspec
# for them is written to /opt/gateway/share/jupyter/kernels/cascade_ts_kubernetes (off
# Jupyter's path here; copy it to the gateway's kernelspecs, see README).
#
#   docker build -t cascade-notebooks:0.1.0 .
#   docker build --build-arg KERNEL_IMAGE=registry.example.com/cascade-notebooks:0.1.0 -t ... .
#
# Stage 1 builds the package from this repository and packs it (`npm pack`, the files listed in
# package.json); stage 2 installs the packed package globally on Node 20 slim, with JupyterLab
# and jupyterhub-singleuser in a Python virtual environment, and the kernelspec system-wide.
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build --silent && npm pack --pack-destination /pkg

FROM node:20-slim
# The image the gateway's kernelspec names for kernel pods: where this image is pushed.
ARG KERNEL_IMAGE=cascade-notebooks:0.1.0
ENV DEBIAN_FRONTEND=noninteractive \
    PATH=/opt/jupyter/bin:$PATH \
    CASCADE_CACHE_DIR=/home/jovyan/.cache/cascade-notebooks/data \
    CASCADE_SQL_ENGINE_DIR=/opt/sql-engine
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv tini ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && python3 -m venv /opt/jupyter \
 && /opt/jupyter/bin/pip install --no-cache-dir jupyterlab jupyterhub
COPY --from=build /pkg/cascade-notebooks-*.tgz /tmp/
# The package with its dependencies (ZeroMQ for the Jupyter wire protocol, native, installed for
# this image's platform); DuckDB for SQL, which the package leaves optional, where the library
# looks for it ($CASCADE_SQL_ENGINE_DIR); then the kernelspec where Jupyter looks.
RUN npm install -g --no-audit --no-fund /tmp/cascade-notebooks-*.tgz \
 && rm /tmp/cascade-notebooks-*.tgz \
 && mkdir -p /opt/sql-engine \
 && cd /opt/sql-engine \
 && echo '{ "private": true }' > package.json \
 && npm install --no-audit --no-fund @duckdb/node-api@1.5.6-r.1 \
 && cd / \
 && cascade kernel install --prefix /opt/jupyter \
 && cascade kernel install-gateway --prefix /opt/gateway --image "$KERNEL_IMAGE" \
 && useradd --create-home --uid 1000 --shell /bin/bash jovyan
USER jovyan
WORKDIR /home/jovyan
EXPOSE 8888
ENTRYPOINT ["tini", "--"]
# JupyterHub replaces the command with jupyterhub-singleuser; alone, the image serves JupyterLab.
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser"]
