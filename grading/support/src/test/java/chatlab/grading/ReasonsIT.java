package chatlab.grading;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class ReasonsIT {

    @Test
    void explainsTimeoutsTodosAssertionsAndOtherExceptionsInOneLine() {
        assertThat(Reasons.of(new TimeoutException("echoes() timed out after 10 seconds")))
                .startsWith("did not finish in time").contains("flush()");
        assertThat(Reasons.of(new UnsupportedOperationException("TODO Step 3: echo lines")))
                .isEqualTo("not written yet: TODO Step 3: echo lines");
        assertThat(Reasons.of(new AssertionError("[the reply]\nexpected: \"a\"\n but was: \"b\"")))
                .isEqualTo("[the reply] expected: \"a\" but was: \"b\"");
        assertThat(Reasons.of(new AssertionError("[the server should close the socket] \nExpecting value to be true but was false")))
                .isEqualTo("the server should close the socket");
        assertThat(Reasons.of(new ConnectException("Connection refused"))).startsWith("ConnectException: Connection refused");
        assertThat(Reasons.of(new AssertionError("x".repeat(1000)))).hasSize(Reasons.MAX_LENGTH).endsWith("...");
        assertThat(Reasons.of(new AssertionError("but was \"hi\0\0\u0007\""))).isEqualTo("but was \"hi\\0\\0\\u0007\"");
    }
}
