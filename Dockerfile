# ActorVision node image. Build:  docker build -t actorvision/node:latest .
# GPU variant (CUDA/TensorRT execution providers):  docker build --build-arg ORT_FLAVOR=gpu -t actorvision/node:gpu .
# The package lists match scripts/setup.sh (APT_BUILD at build time, APT_RUNTIME at run time).

FROM mcr.microsoft.com/dotnet/sdk:10.0-bookworm-slim AS build
ARG ORT_FLAVOR=cpu
# gcc and the FFmpeg headers: ActorVision.Media compiles its C shim against the FFmpeg it will run with.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev pkg-config \
      libavcodec-dev libavformat-dev libavutil-dev libswscale-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore first so the package layer is cached across source edits.
COPY Directory.Build.props Directory.Packages.props ActorVision.sln ./
COPY src/ActorVision.Common/ActorVision.Common.csproj src/ActorVision.Common/
COPY src/ActorVision.Core/ActorVision.Core.csproj src/ActorVision.Core/
COPY src/ActorVision.Domain/ActorVision.Domain.csproj src/ActorVision.Domain/
COPY src/ActorVision.Media/ActorVision.Media.csproj src/ActorVision.Media/
COPY src/ActorVision.Inference/ActorVision.Inference.csproj src/ActorVision.Inference/
COPY src/ActorVision.Persistence/ActorVision.Persistence.csproj src/ActorVision.Persistence/
COPY src/ActorVision.Delivery/ActorVision.Delivery.csproj src/ActorVision.Delivery/
COPY src/ActorVision.Cluster/ActorVision.Cluster.csproj src/ActorVision.Cluster/
COPY src/ActorVision.Cluster.Hosting/ActorVision.Cluster.Hosting.csproj src/ActorVision.Cluster.Hosting/
COPY src/ActorVision.Protocol/ActorVision.Protocol.csproj src/ActorVision.Protocol/
COPY src/ActorVision.Node/ActorVision.Node.csproj src/ActorVision.Node/
COPY src/ActorVision.Cli/ActorVision.Cli.csproj src/ActorVision.Cli/
RUN dotnet restore src/ActorVision.Node/ActorVision.Node.csproj -p:OnnxRuntimeFlavor=${ORT_FLAVOR} \
 && dotnet restore src/ActorVision.Cli/ActorVision.Cli.csproj
COPY src/ src/
RUN dotnet publish src/ActorVision.Node/ActorVision.Node.csproj -c Release --no-restore -p:OnnxRuntimeFlavor=${ORT_FLAVOR} -o /out/node \
 && dotnet publish src/ActorVision.Cli/ActorVision.Cli.csproj -c Release --no-restore -o /out/avctl

FROM mcr.microsoft.com/dotnet/aspnet:10.0-bookworm-slim AS runtime
# FFmpeg 5.1 shared libraries (the same major versions the shim was compiled against), no headers. The node runs as
# an unprivileged user that owns only the data volume: the image works with a read-only root filesystem (compose
# read_only, Kubernetes readOnlyRootFilesystem) when /tmp is a tmpfs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libavcodec59 libavformat59 libavutil57 libswscale6 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 actorvision \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/actorvision --no-create-home --shell /usr/sbin/nologin actorvision \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/actorvision
WORKDIR /app
COPY --from=build /out/node ./
COPY --from=build /out/avctl /opt/avctl/
RUN ln -s /opt/avctl/avctl /usr/local/bin/avctl
COPY hocon/ /app/hocon/
# Models are mounted or baked in by the operator; the shipped models.conf expects /app/models/ssd-coco and
# /app/models/blazeface as scripts/setup.sh writes them (a model whose files are missing is reported unavailable).
# Every interface: the node then refuses to start without API keys and remoting TLS (docs/security.md), as deploy/ sets.
# HOME on the data volume: what .NET keeps per user (ASP.NET data protection keys) survives restarts and needs no
# writable root filesystem.
ENV AV_CONFIG_DIR=/app/hocon \
    AV_DATA=/var/lib/actorvision \
    AV_BIND_ADDRESS=0.0.0.0 \
    AV_HOSTNAME=0.0.0.0 \
    HOME=/var/lib/actorvision
VOLUME /var/lib/actorvision
USER 10001:10001
# 4053 Akka remoting, 7070 gRPC control API, 8080 dashboard + /metrics + /healthz + /ready
EXPOSE 4053 7070 8080
# The HTTP port accepts connections (it may serve TLS only, so no request is made; Kubernetes probes /healthz itself).
HEALTHCHECK --interval=10s --timeout=3s CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
ENTRYPOINT ["./actorvision-node"]
