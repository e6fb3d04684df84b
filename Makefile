# Targets for `sam build` (template.yaml: every function has `Metadata: BuildMethod: makefile` and
# `CodeUri: .`). SAM runs `make build-<LogicalId>` with ARTIFACTS_DIR set to the function's build
# directory; each target builds that function's shaded jar with Maven from the repository root
# (the modules depend on each other, so one module alone does not build) and unpacks it there,
# which is the layout Lambda's Java runtime loads classes from.
#
#   sam build                      copies the repository to a scratch directory per function first
#   sam build --build-in-source    builds in place and reuses target/ (SAM CLI 1.100 or later)
#
# Do not use `sam build --parallel`: the five Maven runs would share one target/ tree.

MVN ?= mvn -B -q -ntp -Dstyle.color=never
ROOT := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))

# $(1): the module directory under functions/, also its artifactId.
define lambda_jar
	cd "$(ROOT)" && $(MVN) -DskipTests -pl functions/$(1) -am package
	mkdir -p "$(ARTIFACTS_DIR)"
	cd "$(ARTIFACTS_DIR)" && jar xf "$$(ls "$(ROOT)"functions/$(1)/target/$(1)-*-lambda.jar | head -n 1)"
	rm -rf "$(ARTIFACTS_DIR)/META-INF/maven"
endef

.PHONY: build-WebhookReceiverFunction build-OrderProcessorFunction build-ProcessorFailuresFunction build-OutboxDispatcherFunction build-AdminApiFunction build-SchedulerFunction

build-WebhookReceiverFunction:
	$(call lambda_jar,webhook-receiver)

build-OrderProcessorFunction:
	$(call lambda_jar,order-processor)

# The failure destination's handler lives in the processor's jar (it shares the stream reading).
build-ProcessorFailuresFunction:
	$(call lambda_jar,order-processor)

build-OutboxDispatcherFunction:
	$(call lambda_jar,outbox-dispatcher)

build-AdminApiFunction:
	$(call lambda_jar,admin-api)

build-SchedulerFunction:
	$(call lambda_jar,scheduler)
