package io.orderhook.local;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.orderhook.json.Json;

/**
 * What the Lambda Java runtime does for one invocation, in a JVM of its own whose environment is
 * the function's (see {@link FunctionInvoker}): load the handler class, build it with its public
 * no-arg constructor (init, which reads the environment), read the event into the handler's
 * input type, call it, and print the result as JSON. Logs go to stderr, the result alone to stdout.
 *
 * <p>Several event files are several invocations of one warm container: one init, then one
 * result line per event, in order.
 *
 * <p>{@code java -cp ... io.orderhook.local.FunctionRunner <Class::method> <timeoutSeconds> <event.json>...}
 */
public final class FunctionRunner {
    private FunctionRunner() {}

    public static void main(String[] args) throws Exception {
        PrintStream result = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        // Everything the function logs goes where CloudWatch would be: stderr here.
        System.setOut(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8));
        String handler = args[0];
        int timeoutSeconds = Integer.parseInt(args[1]);
        int colons = handler.indexOf("::");
        String className = colons < 0 ? handler : handler.substring(0, colons);

        Class<?> type = Class.forName(className);
        Class<?> inputType = inputType(type);
        java.util.List<Object> events = new java.util.ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            events.add(LambdaEvents.read(Path.of(args[i]), inputType));
        }
        Object instance = type.getConstructor().newInstance();
        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> function = (RequestHandler<Object, Object>) instance;
        for (Object event : events) {
            long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
            Object output = function.handleRequest(event, context(System.getenv("AWS_LAMBDA_FUNCTION_NAME"), deadline));
            result.println(Json.write(output));
        }
    }

    /** The I of {@code RequestHandler<I, O>} the class implements (directly or through a superclass). */
    public static Class<?> inputType(Class<?> handlerClass) {
        for (Class<?> c = handlerClass; c != null; c = c.getSuperclass()) {
            for (Type type : c.getGenericInterfaces()) {
                if (type instanceof ParameterizedType p && p.getRawType() == RequestHandler.class
                        && p.getActualTypeArguments()[0] instanceof Class<?> input) {
                    return input;
                }
            }
        }
        throw new IllegalArgumentException(handlerClass.getName() + " does not implement RequestHandler<I, O> with a concrete I");
    }

    /** Whether the class has the method the template's Handler names, taking (I, Context). */
    public static boolean hasHandlerMethod(Class<?> handlerClass, String method) {
        for (Method m : handlerClass.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == 2 && m.getParameterTypes()[1] == Context.class) {
                return true;
            }
        }
        return false;
    }

    static Context context(String functionName, long deadlineMillis) {
        return new Context() {
            @Override public String getAwsRequestId() { return java.util.UUID.randomUUID().toString(); }
            @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
            @Override public String getLogStreamName() { return "local"; }
            @Override public String getFunctionName() { return functionName; }
            @Override public String getFunctionVersion() { return "$LATEST"; }
            @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:local:000000000000:function:" + functionName; }
            @Override public CognitoIdentity getIdentity() { return null; }
            @Override public ClientContext getClientContext() { return null; }
            @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadlineMillis - System.currentTimeMillis()); }
            @Override public int getMemoryLimitInMB() { return 1024; }
            @Override public LambdaLogger getLogger() {
                return new LambdaLogger() {
                    @Override public void log(String message) { System.err.println(message); }
                    @Override public void log(byte[] message) { System.err.println(new String(message, StandardCharsets.UTF_8)); }
                };
            }
        };
    }
}
