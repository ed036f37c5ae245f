package org.opensbc.state.redis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisException;

/** The store needs Redis 7.0 or newer (PEXPIREAT ... GT/NX); say so at open rather than fail per write. */
final class RedisVersion {

    private static final Pattern VERSION = Pattern.compile("redis_version:(\\d+)\\.");
    private static final int OLDEST_MAJOR = 7;

    private RedisVersion() {
    }

    static void require(String infoServer, String described) {
        Matcher m = VERSION.matcher(infoServer);
        if (m.find() && Integer.parseInt(m.group(1)) < OLDEST_MAJOR) {
            throw new RedisException("Redis at " + described + " is version " + m.group(1)
                    + ".x; the state store needs 7.0 or newer (PEXPIREAT with GT and NX)");
        }
    }
}
