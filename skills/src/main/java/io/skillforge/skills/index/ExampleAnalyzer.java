package io.skillforge.skills.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Analysis of question and rationale text: Unicode word breaks, lower case, and plural-only English
 * stemming ({@code trains} matches {@code train}). No stop words: BM25 already gives common words
 * little weight, and numbers and short words matter in math problems. Cheaper than a full Porter
 * chain, which keeps bulk indexing fast.
 */
final class ExampleAnalyzer extends Analyzer {
  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    StandardTokenizer source = new StandardTokenizer();
    TokenStream stream = new LowerCaseFilter(source);
    stream = new EnglishMinimalStemFilter(stream);
    return new TokenStreamComponents(source, stream);
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new LowerCaseFilter(in);
  }
}
