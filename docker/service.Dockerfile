# syntax=docker/dockerfile:1.7
# One Dockerfile for the four services: they differ only in the module they build and the port they serve,
# so one file keeps their images alike (same JRE, same user, same layering). Build from the repository root:
#   docker build -f docker/service.Dockerfile --build-arg MODULE=plan-service --build-arg PORT=8081 .
# The build stage is checked on every build without a Docker engine: deployment's ImageBuildTest assembles what
# these COPY lines (and .dockerignore) let in and runs this RUN line there.

FROM eclipse-temurin:17.0.15_6-jdk-noble AS build
ARG MODULE
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY contracts contracts
COPY strict-json strict-json
COPY seeds seeds
COPY messaging messaging
COPY web-support web-support
COPY service-security service-security
COPY plan-service plan-service
COPY consultation-service consultation-service
COPY regional-sync-service regional-sync-service
COPY gateway gateway
# Maven needs every module the root pom lists, but the services need only the poms of these: local-stack is a
# test dependency, and -Dmaven.test.skip=true compiles no tests (-DskipTests would, and fail without its sources)
COPY local-stack/pom.xml local-stack/pom.xml
COPY partner-inbox/pom.xml partner-inbox/pom.xml
COPY web web
COPY system-tests/pom.xml system-tests/pom.xml
COPY deployment/pom.xml deployment/pom.xml
# the Maven cache outlives builds; sharing=locked because compose builds the four images at once and Maven's
# local repository is not safe for concurrent writers
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -q -Dmaven.test.skip=true -pl ${MODULE} -am package \
 && java -Djarmode=tools -jar ${MODULE}/target/${MODULE}-exec.jar extract --layers --launcher --destination target/extracted

FROM eclipse-temurin:17.0.15_6-jre-noble
ARG PORT
RUN groupadd --system --gid 10001 renkei && useradd --system --uid 10001 --gid renkei --no-create-home renkei
WORKDIR /app
# dependencies change least often, the application most: each its own layer
COPY --from=build /src/target/extracted/dependencies/ ./
COPY --from=build /src/target/extracted/spring-boot-loader/ ./
COPY --from=build /src/target/extracted/snapshot-dependencies/ ./
COPY --from=build /src/target/extracted/application/ ./
USER 10001:10001
# The heap takes half of the container's memory limit and Netty's direct buffers at most 64 MiB; the rest (at
# least 256 MiB, a rule of ComposeFileTest) is left to metaspace, code cache, thread stacks and the GC. No fixed
# -Xmx: the heap follows the limit that compose (or Kubernetes) sets. See docs/operations.md, Memory.
ENV SPRING_PROFILES_ACTIVE=docker \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8" \
    SERVER_PORT=${PORT}
EXPOSE ${PORT}
# the JRE image has neither curl nor wget: bash's /dev/tcp asks the readiness endpoint
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT} && printf "GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && grep -q UP <&3'
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
