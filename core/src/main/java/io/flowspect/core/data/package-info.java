/**
 * Data sets on disk (IDX files, image folders) loaded as preprocessed {@link
 * io.flowspect.core.data.ImageRecord}s, with deterministic splits and content fingerprints.
 */
package io.flowspect.core.data;
