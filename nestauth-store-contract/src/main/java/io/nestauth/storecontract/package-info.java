/** The {@link io.nestauth.client.TokenStore} contract as a JUnit 5 suite, for the SDK's stores and yours. */
package io.nestauth.storecontract;
