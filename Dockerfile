# syntax=docker/dockerfile:1
# The node as a container: build with Maven, run on a JRE as an unprivileged user.
#   docker build -t cjp2p-node .
#   docker run -p 24254:24254/udp -v cjp2p-state:/var/lib/cjp2p cjp2p-node
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY node-codec node-codec
COPY node-server node-server
# The cache mount keeps downloaded dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -ntp -pl node-server -am -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system cjp2p && useradd --system --gid cjp2p --home-dir /app --shell /usr/sbin/nologin cjp2p
# The state directory: the node's key (its identity) and the peers it knew. Owned by the node's user,
# mode 0700; a named volume mounted here starts with this owner and mode and outlives the container.
RUN install -d -o cjp2p -g cjp2p -m 0700 /var/lib/cjp2p
VOLUME /var/lib/cjp2p
WORKDIR /app
COPY --from=build /src/node-server/target/node-server.jar /app/node-server.jar
COPY node-server/jvm.options /app/jvm.options
USER cjp2p
# UDP 24254: the protocol. TCP 24255: /metrics, /status.json, /healthz (bind 0.0.0.0 to reach it).
EXPOSE 24254/udp 24255/tcp
HEALTHCHECK --interval=30s --timeout=3s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/24255 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '200 OK' <&3"]
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/node-server.jar"]
# Flags given to `docker run` replace these: keep --state-dir /var/lib/cjp2p among them (without it the
# node looks for ./cjp2p-state, which its user cannot create in /app, and exits with status 2).
CMD ["--state-dir", "/var/lib/cjp2p", "--http-bind", "0.0.0.0"]
