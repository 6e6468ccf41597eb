# syntax=docker/dockerfile:1
# The node as a container: build with Maven, run on a JRE as an unprivileged user.
#   docker build -t cjp2p-node .
#   docker run -p 24254:24254/udp cjp2p-node
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY node-codec node-codec
COPY node-server node-server
# The cache mount keeps downloaded dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -ntp -pl node-server -am -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system cjp2p && useradd --system --gid cjp2p --home-dir /app --shell /usr/sbin/nologin cjp2p
WORKDIR /app
COPY --from=build /src/node-server/target/node-server.jar /app/node-server.jar
COPY node-server/jvm.options /app/jvm.options
USER cjp2p
# UDP 24254: the protocol. TCP 24255: /metrics, /status.json, /healthz (bind 0.0.0.0 to reach it).
EXPOSE 24254/udp 24255/tcp
HEALTHCHECK --interval=30s --timeout=3s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/24255 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '200 OK' <&3"]
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/node-server.jar"]
CMD ["--http-bind", "0.0.0.0"]
