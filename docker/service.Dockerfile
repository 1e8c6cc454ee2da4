# syntax=docker/dockerfile:1.7
# One Dockerfile for the four services: they differ only in the module they build and the port they serve,
# so one file keeps their images alike (same JRE, same user, same layering). Build from the repository root:
#   docker build -f docker/service.Dockerfile --build-arg MODULE=plan-service --build-arg PORT=8081 .

FROM eclipse-temurin:17.0.15_6-jdk-noble AS build
ARG MODULE
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY contracts contracts
COPY seeds seeds
COPY web-support web-support
COPY local-stack/pom.xml local-stack/pom.xml
COPY service-security service-security
COPY plan-service plan-service
COPY consultation-service consultation-service
COPY regional-sync-service regional-sync-service
COPY gateway gateway
COPY partner-inbox/pom.xml partner-inbox/pom.xml
COPY web web
COPY system-tests/pom.xml system-tests/pom.xml
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -pl ${MODULE} -am package \
 && java -Djarmode=tools -jar ${MODULE}/target/${MODULE}-exec.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:17.0.15_6-jre-noble
ARG PORT
RUN groupadd --system --gid 10001 renkei && useradd --system --uid 10001 --gid renkei --no-create-home renkei
WORKDIR /app
# dependencies change least often, the application most: each its own layer
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER 10001:10001
ENV SPRING_PROFILES_ACTIVE=docker \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8" \
    SERVER_PORT=${PORT}
EXPOSE ${PORT}
# the JRE image has neither curl nor wget: bash's /dev/tcp asks the readiness endpoint
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT} && printf "GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && grep -q UP <&3'
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
