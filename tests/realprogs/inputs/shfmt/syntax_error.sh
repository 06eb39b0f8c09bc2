if [ -f x ]; then
  echo "unterminated
fi
