package dev.poslake.activities.etl.domain;

/** What {@link PosMessageParser} makes of one Kafka record value: a transaction part, or a rejection. */
public sealed interface ParseResult permits ParsedTransaction, Rejection {}
