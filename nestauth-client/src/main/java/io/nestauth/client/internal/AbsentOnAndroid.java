package io.nestauth.client.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code that uses a Java API Android does not have and copes with its absence at run time.
 * The Android API check (animal-sniffer, configured in the parent pom) skips what carries it;
 * nothing else reads it.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface AbsentOnAndroid {
  /** @return the API that is absent and what the code does without it */
  String value();
}
